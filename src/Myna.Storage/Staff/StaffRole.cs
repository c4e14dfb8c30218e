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

    /// <summary>A tax office (税務署・市町村の税務担当) that publishes the holders' tax information to the portal (U3.4).</summary>
    TaxOffice = 3,

    /// <summary>The pension service (日本年金機構) that publishes the holders' pension records to the portal (U3.4).</summary>
    PensionService = 4,

    /// <summary>A health centre (保健所・市町村の保健担当) that publishes the holders' vaccinations to the portal (U3.4).</summary>
    HealthCentre = 5,

    /// <summary>An insurer (保険者: 健康保険組合, 協会けんぽ, 共済組合, 国民健康保険, 後期高齢者医療広域連合) that keeps its insurers' and enrolments' records (U1.1).</summary>
    Insurer = 6,
}
