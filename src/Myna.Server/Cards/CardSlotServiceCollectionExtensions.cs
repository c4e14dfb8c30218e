namespace Myna.Server.Cards;

/// <summary>The card slot the touch-screen machines share (the kiosk and the clinic's reception terminal).</summary>
internal static class CardSlotServiceCollectionExtensions
{
    public static IServiceCollection AddMynaCardSlot(this IServiceCollection services) => services.AddSingleton<CardSlot>();
}
