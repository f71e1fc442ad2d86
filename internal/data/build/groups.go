package build

// groupDef is one country group written to countries.csv. Members are ISO3
// codes; codes not among the dataset's economies (e.g. LIE, STP) are dropped when the
// group is applied.
type groupDef struct {
	name    string
	members []string
	note    string // shown in the dataset README, not in the data
}

// groups are the country groups of world-2023, in the order they appear in
// a country's group cell. Membership is as of 2024 (the data year is 2023;
// 2024 reflects the blocs in place when the 2025 tariffs were set).
var groups = []groupDef{
	{"EU27", []string{"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"}, ""},
	{"EFTA", []string{"ISL", "LIE", "NOR", "CHE"}, "Liechtenstein is merged into Switzerland in the WDI/BACI data"},
	{"USMCA", []string{"USA", "MEX", "CAN"}, ""},
	{"ASEAN", []string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"}, "Timor-Leste joined in 2025 and is not included"},
	{"MERCOSUR", []string{"ARG", "BRA", "PRY", "URY"}, "full members; Venezuela is suspended, Bolivia's accession (2024) is in transition"},
	{"GCC", []string{"ARE", "BHR", "KWT", "OMN", "QAT", "SAU"}, ""},
	{"EAEU", []string{"ARM", "BLR", "KAZ", "KGZ", "RUS"}, "Eurasian Economic Union (customs union)"},
	{"SACU", []string{"BWA", "LSO", "NAM", "SWZ", "ZAF"}, "Southern African Customs Union"},
	{"G7", []string{"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}, ""},
	{"G20", []string{"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"}, "the 19 country members; the EU and the African Union are members too but are not countries"},
	{"BRICS", []string{"BRA", "RUS", "IND", "CHN", "ZAF", "EGY", "ETH", "IRN", "ARE"}, "members in 2024; Saudi Arabia was invited but has not confirmed and is not included; Indonesia joined in January 2025"},
	{"OPEC", []string{"DZA", "COG", "GNQ", "GAB", "IRN", "IRQ", "KWT", "LBY", "NGA", "SAU", "ARE", "VEN"}, "the 12 members of 2024; Angola left in January 2024"},
	{"CPTPP", []string{"AUS", "BRN", "CAN", "CHL", "JPN", "MYS", "MEX", "NZL", "PER", "SGP", "VNM", "GBR"}, "the United Kingdom's accession took effect in December 2024"},
	{"RCEP", []string{"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "AUS", "CHN", "JPN", "KOR", "NZL"}, ""},
	{"AU", []string{"DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD", "COM", "COG", "COD", "CIV", "DJI", "EGY", "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN", "GNB", "KEN", "LSO", "LBR", "LBY", "MDG", "MWI", "MLI", "MRT", "MUS", "MAR", "MOZ", "NAM", "NER", "NGA", "RWA", "STP", "SEN", "SYC", "SLE", "SOM", "ZAF", "SSD", "SDN", "TZA", "TGO", "TUN", "UGA", "ZMB", "ZWE"}, "African Union members (also the AfCFTA membership), including those suspended in 2024; the Sahrawi Republic is not in the data"},
}

// freeTradeZones are the blocs inside which the baseline tariff is set to
// zero: customs unions and plurilateral free-trade areas whose internal
// trade is (nearly) duty-free. EU27 and EFTA form one zone (the EEA and the
// EU–Switzerland agreements). Bilateral FTAs (EU–UK, EU–Japan, …) are not
// modelled; the applied weighted average already reflects them on average.
var freeTradeZones = [][]string{
	{"EU27", "EFTA"},
	{"USMCA"},
	{"ASEAN"},
	{"MERCOSUR"},
	{"GCC"},
	{"EAEU"},
	{"SACU"},
}
