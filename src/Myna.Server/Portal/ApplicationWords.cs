using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Myna.Portal.Procedures;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Portal;
using Myna.Window.Demo;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Portal;

/// <summary>One line of an application as a person reads it: the form's label and the value filled in (a choice by its words).</summary>
public sealed record FilledField(string Name, string Label, string Value);

/// <summary>
/// The words of ぴったりサービス that the holder's pages and the window's pages share: an application's state, a
/// municipality's name, and an application's content read back with the form's labels rather than as raw JSON.
/// </summary>
public static class ApplicationWords
{
    /// <summary>An application's state in the page's language.</summary>
    public static string State(OnlineApplicationState state) => state switch
    {
        OnlineApplicationState.AwaitingSignature => T("署名待ち", "Waiting for your signature"),
        OnlineApplicationState.Submitted => T("審査中", "Submitted, under review"),
        OnlineApplicationState.Accepted => T("受理", "Accepted"),
        OnlineApplicationState.Rejected => T("差戻し", "Returned"),
        OnlineApplicationState.Completed => T("完了", "Completed"),
        _ => state.ToString(),
    };

    /// <summary>The badge's class for a state (the stylesheet's card-state colours).</summary>
    public static string StateCss(OnlineApplicationState state) => state switch
    {
        OnlineApplicationState.Accepted or OnlineApplicationState.Completed => "state active",
        OnlineApplicationState.Rejected => "state suspended",
        _ => "state",
    };

    /// <summary>A procedure's title, or its id when the catalogue no longer has it.</summary>
    public static string Procedure(string procedureId) => ProcedureCatalogue.Find(procedureId)?.Title.Current ?? procedureId;

    /// <summary>A municipality (5-digit code) by its name: 福島県郡山市 / Koriyama-shi, Fukushima-ken.</summary>
    public static string Municipality(string jisCode) =>
        DemoRegistry.Municipalities.FirstOrDefault(m => m.Code.JisCode == jisCode)?.DisplayName.Current ?? jisCode;

    /// <summary>The municipalities that offer any procedure of the catalogue, by code, in the catalogue's order.</summary>
    public static IReadOnlyList<string> OfferingMunicipalities { get; } =
        [.. ProcedureCatalogue.All.SelectMany(p => p.Municipalities).Distinct()];

    /// <summary>The application's content as filled in, in the form's order, with the form's labels and the choices' words.</summary>
    public static IReadOnlyList<FilledField> Fields(OnlineApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        using var content = JsonDocument.Parse(application.Content);
        if (!content.RootElement.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Object)
            return [];
        var form = ProcedureCatalogue.Find(application.ProcedureId)?.Fields ?? [];
        var filled = new List<FilledField>();
        foreach (var value in fields.EnumerateObject())
        {
            var text = value.Value.GetString() ?? "";
            if (form.FirstOrDefault(f => f.Name == value.Name) is { } field)
                filled.Add(new(field.Name, field.Label.Current, field.Choices?.FirstOrDefault(c => c.Value == text)?.Label.Current ?? text));
            else
                filled.Add(new(value.Name, value.Name, text));
        }
        return filled;
    }

    /// <summary>The holder's municipality (5-digit code) by the registry, or null.</summary>
    public static async Task<string?> HolderMunicipalityAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var holder = PortalEndpoints.HolderReference(context);
        await using var db = await context.RequestServices.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContextAsync(context.RequestAborted);
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holder, context.RequestAborted);
        return resident?.Municipality.JisCode;
    }
}

/// <summary>A message about one control of a form: the control's element id (the error summary links to it) and the words.</summary>
public sealed record FieldError(string Id, string Message);

/// <summary>What a page shows after a refused application step: the refusal, and the messages at the controls it names.</summary>
public sealed class ApplicationErrors
{
    private readonly Dictionary<string, string> _byControl = [];

    /// <summary>The refusal that names no control of the page (shown as a whole).</summary>
    public ApplicationRefusal? General { get; private set; }

    /// <summary>The messages at the page's controls, in the order they came.</summary>
    public IReadOnlyList<FieldError> Fields => [.. _byControl.Select(e => new FieldError(e.Key, e.Value))];

    public bool Any => General is not null || _byControl.Count > 0;

    /// <summary>The message at control <paramref name="id"/>, if any.</summary>
    public string? At(string id) => _byControl.GetValueOrDefault(id);

    /// <summary>Keeps <paramref name="refusal"/>: at the control <paramref name="controlOf"/> gives for its field, or as a whole.</summary>
    public void Add(ApplicationRefusal refusal, Func<string, string?> controlOf)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(controlOf);
        if (refusal.Field is { } field && controlOf(field) is { } control)
            _byControl[control] = refusal.Message.Current;
        else
            General = refusal;
    }
}
