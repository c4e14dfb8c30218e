using System.Net;
using System.Text.Json;

namespace Myna.Cluster.Tests;

/// <summary>The cluster tests' reading of the servers' JSON answers.</summary>
internal static class Answers
{
    /// <summary>The body of <paramref name="response"/>, after checking its status (the body is in the message when it differs).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>The <c>id</c> of a created record.</summary>
    public static Guid Id(JsonElement element) => element.GetProperty("id").GetGuid();
}
