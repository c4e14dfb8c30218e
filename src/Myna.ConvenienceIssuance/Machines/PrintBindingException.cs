namespace Myna.ConvenienceIssuance.Machines;

/// <summary>The centre sent a print job that is not bound to this machine's open session, or whose bytes are not the ones bound: it is not printed.</summary>
public sealed class PrintBindingException : Exception
{
    public PrintBindingException()
    {
    }

    public PrintBindingException(string message)
        : base(message)
    {
    }

    public PrintBindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
