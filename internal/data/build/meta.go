package build

// The dataset.yaml text of world-2023.
const (
	description = "194 economies, bilateral goods trade 2023 (BACI), GDP 2023 (World Bank WDI; IMF WEO or imputed from imports where the compiled WDI lacks it), " +
		"domestic sales = GDP - goods exports (floored at 25% of GDP), baseline tariffs = " +
		"importer's trade-weighted applied average outside its customs union or free-trade area. See README.md."
	licence = "Derived data: BACI (CEPII) under Etalab Open Licence 2.0 with attribution; World Bank WDI under CC BY 4.0; " +
		"IMF WEO data under the IMF terms of use; US Census data in the public domain."
)

var sources = []string{
	"BACI HS22 V202501, 2023 (CEPII, Gaulier & Zignago 2010), Etalab Open Licence 2.0, via the replication package of Ignatenko, Macedoni, Lashkaripour & Simonovska (JIE 2025)",
	"World Bank World Development Indicators NY.GDP.MKTP.CD (update of 25 Mar 2025; 2024 values retrieved Sep 2026), CC BY 4.0",
	"World Bank WDI tariff averages TM.TAX.MRCH.WM.AR.ZS, TM.TAX.MRCH.SM.AR.ZS, TM.TAX.MRCH.WM.FN.ZS (UNCTAD TRAINS, WTO), CC BY 4.0",
	"IMF World Economic Outlook, April 2026 (BCA_NGDPD, NGDPD)",
	"US Census Bureau, FT-900 goods trade by partner 2024 (cross-checks)",
}
