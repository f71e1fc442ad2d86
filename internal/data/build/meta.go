package build

// The dataset.yaml text of world-2023.
const (
	description = "195 economies (BACI's 194 plus Taiwan), goods trade 2023: BACI, with Kazakhstan's flows with Georgia moved from Gambia (mis-coded), " +
		"the trade missing among 19 economies, Taiwan's and 12 pairs of oil, gas, coal and ores where BACI holds under a quarter of ICIO's (SAU→KOR and the like) " +
		"filled from OECD ICIO 2022 and every economy with a 2023 balance-of-payments goods balance rescaled (RAS) to it; " +
		"domestic sales = gross output sold at home (ICIO 2022 scaled to 2023, median ratio to GDP elsewhere), so flows are gross and sales exceed GDP; " +
		"gdp = GDP 2023 (value added; Venezuela's from IMF WEO, the WDI column holding its 2014 value) and value-added shares GDP / gross output (the one-sector input-output model); " +
		"baseline tariffs = importer's trade-weighted applied average outside its free-trade zones, 0 from the US's 20 FTA partners on US goods (preferential; residual phase-outs ignored), " +
		"the US's instead 0 on its FTA partners and its statutory MFN rate on the others, plus the additional duties of the US tariff record on 2025-01-01 (Section 232, 301: the pre-2025 regime). See README.md."
	licence = "Derived data: BACI (CEPII) under Etalab Open Licence 2.0 with attribution; OECD Inter-Country Input-Output tables (OECD terms and conditions, attribution: OECD ICIO) " +
		"as converted by github ahmadlp/tariffwar (no licence stated); World Bank WDI under CC BY 4.0; " +
		"IMF WEO data under the IMF terms of use; US Census data in the public domain; " +
		"the US's pre-2025 duties derive from us_effective_sectoral_rates.csv, whose product scopes use global-trade-alert/us-tariff-barrier-estimates (CC BY-NC 4.0: attribution, non-commercial use only)."
)

var sources = []string{
	"BACI HS22 V202501, 2023 (CEPII, Gaulier & Zignago 2010), Etalab Open Licence 2.0, via the replication package of Ignatenko, Macedoni, Lashkaripour & Simonovska (JIE 2025)",
	"OECD Inter-Country Input-Output (ICIO) tables, 2022 (newer edition, 80 economies + ROW), 28 sectors, via github ahmadlp/tariffwar @ 9863698 mat/ICIO2022.mat (no licence stated; cite OECD ICIO)",
	"World Bank World Development Indicators NY.GDP.MKTP.CD (update of 25 Mar 2025; 2024 values retrieved Sep 2026), CC BY 4.0",
	"World Bank WDI BN.GSR.MRCH.CD, net trade in goods (BoP, IMF), 2023 (update of 15 Apr 2025), CC BY 4.0",
	"Taiwan: Ministry of Finance customs trade 2023 (exports 432.48, imports 351.62 USD bn), as reported by the Taipei Times and ECCT on 2024-01-10",
	"World Bank WDI tariff averages TM.TAX.MRCH.WM.AR.ZS, TM.TAX.MRCH.SM.AR.ZS, TM.TAX.MRCH.WM.FN.ZS (UNCTAD TRAINS, WTO), CC BY 4.0",
	"IMF World Economic Outlook, April 2026 (BCA_NGDPD, NGDPD)",
	"US Census Bureau, FT-900 goods trade by partner 2024 (cross-checks)",
	usDutySource,
}

// usDutySource is the source of the pre-2025 US duties both worlds add to
// their US tariffs (addUSDuties).
const usDutySource = "US tariff record on 2025-01-01 (tradebloc tariffs effective --date 2025-01-01): additional duties under Section 232 and 301 by partner (and ICIO sector), " +
	"compiled us_effective_sectoral_rates.csv from US Census 2024 HS10 imports, Budget Lab Tariff-ETRs and tariff-rate-tracker (MIT), " +
	"product scopes global-trade-alert/us-tariff-barrier-estimates (CC BY-NC 4.0)"
