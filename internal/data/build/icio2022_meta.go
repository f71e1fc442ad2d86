package build

// The dataset.yaml text of icio-2022.
const (
	icioDescription = "81 units (80 economies incl. Taiwan, plus ROW, the rest of the world; members.csv lists the world-2023 economies it stands for) × 28 sectors (27 goods + SERV), OECD ICIO 2022: " +
		"gross flows (intermediate and final use) incl. domestic flows, so balances are goods and services; " +
		"input-output shares 2018 (ICIO 2021 edition; the 44 units with the source's rest-of-world values have their value-added shares calibrated to GDP 2022), input shares scaled down where they exceed 2022 absorption; " +
		"gdp = value added = sum over sectors of the value-added share times gross output; " +
		"tariffs = Teti GTD via tariffwar, services 0, US food capped at the MFN rate, ROW's filled, the US's plus the additional duties of the US tariff record on 2025-01-01 (Section 232, 301: the pre-2025 regime); θ = Bagwell-Staiger-Yurukoglu (2021), 8 sets in elasticities.csv. See README.md."
	icioLicence = "Derived data: OECD Inter-Country Input-Output tables (OECD terms and conditions, attribution: OECD ICIO) as converted by github ahmadlp/tariffwar (no licence stated); " +
		"Teti (2024) Global Tariff Database (attribution); elasticities as published by their authors; IO shares via github jpvasquez-econ/RUV (no licence stated; cite OECD ICIO); " +
		"Budget Lab MFN rates (MIT) weighted by US Census imports (public domain); World Bank WDI under CC BY 4.0; IMF WEO data under the IMF terms of use; " +
		"the US's pre-2025 duties derive from us_effective_sectoral_rates.csv, whose product scopes use global-trade-alert/us-tariff-barrier-estimates (CC BY-NC 4.0: attribution, non-commercial use only)."
)

var icioSources = []string{
	"OECD Inter-Country Input-Output (ICIO) tables, 2022 (extended edition, 80 economies + ROW; CN1+CN2 and MX1+MX2 summed), 28 sectors (27 goods industries + services D–T summed), via github ahmadlp/tariffwar @ 9863698 mat/ICIO2022.mat (no licence stated; cite OECD ICIO)",
	"Teti (2024) Global Tariff Database, 2021 rates as mapped to ICIO sectors by tariffwar (simple means of ISIC Rev.3 two-digit lines by WIOD group)",
	"Trade elasticities: in-sample (tariffwar), uniform 4, Caliendo-Parro (2015), Bagwell-Staiger-Yurukoglu (2021), Giri-Yi-Yilmazkuday (2021), Shapiro (2016), Fontagné et al. (2022), Lashkaripour-Lugovskyy (2023), as mapped to ICIO sectors by tariffwar",
	"Value-added and input shares: OECD ICIO 2021 edition, 2018, aggregated to 14 sectors by github jpvasquez-econ/RUV @ ed6681a and split to the 28 ICIO sectors in proportion to ICIO 2018 absorption (compiled icio28_va_shares_2018.csv, icio28_io_shares_2018.csv)",
	"US MFN rates on food, beverages and tobacco: Budget-Lab-Yale/Tariff-ETRs @ ffc0105 mfn_rates_2025.csv weighted by US Census 2024 HS10 imports (compiled us_effective_sectoral_rates.csv, column mfn_statutory_avg_pct only)",
	"World Bank WDI tariff averages TM.TAX.MRCH.WM.AR.ZS (ROW's import tariff) and GDP, CC BY 4.0",
	"IMF World Economic Outlook, April 2026 (BCA_NGDPD, NGDPD): current accounts",
	usDutySource,
}
