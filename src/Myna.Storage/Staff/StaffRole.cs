namespace Myna.Storage.Staff;

/// <summary>What a staff member may do; stored by name.</summary>
public enum StaffRole
{
    /// <summary>Municipal window staff (市区町村窓口): residents, applications, delivery, changes, moves.</summary>
    WindowStaff = 0,

    /// <summary>A call-centre operator (個人番号カードコールセンター) who suspends lost cards around the clock (L1).</summary>
    CallCentre = 1,

    /// <summary>May do anything, including setting the sandbox clock and managing staff.</summary>
    Administrator = 2,
}
