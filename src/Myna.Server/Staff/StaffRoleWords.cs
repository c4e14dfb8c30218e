using Myna.Primitives.Text;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>The roles in words, as the pages and the audit details name them.</summary>
public static class StaffRoleWords
{
    public static LocalizedText Of(StaffRole role) => role switch
    {
        StaffRole.WindowStaff => new("窓口職員", "window staff"),
        StaffRole.CallCentre => new("コールセンター職員", "call-centre operator"),
        StaffRole.Administrator => new("管理者", "administrator"),
        StaffRole.TaxOffice => new("税務担当職員", "tax office staff"),
        StaffRole.PensionService => new("年金機構職員", "pension service staff"),
        StaffRole.HealthCentre => new("保健担当職員", "health centre staff"),
        StaffRole.Insurer => new("保険者職員", "insurer staff"),
        _ => new(role.ToString(), role.ToString()),
    };
}
