package data

import (
	"strings"
	"sync"
)

// economyCodes are the codes that name an economy outside a dataset's own
// countries (macro.csv may list such economies, see loadMacro): the ISO
// 3166-1 alpha-3 codes (249), the alpha-3 codes of former countries that
// ISO 3166-3 keeps (30, e.g. YUG, SUN, CSK, DDR: a historical dataset's
// statistics use them), Kosovo's XKX (user-assigned, used by the IMF, the
// World Bank and the US Census) and EUU, the code under which the IMF and
// the World Bank give the European Union's own figures. Taken from the
// Debian iso-codes tables (iso_3166-1.json, iso_3166-3.json).
const economyCodes = `
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
AFI ANT ATB ATN BUR BYS CSK CTE DDR DHY FXX GEL HVO JTN MID NHB NTZ PCI PCZ PUS RHO SCG SKM SUN
TMP VDR WAK YMD YUG ZAR
XKX EUU
`

// economies is economyCodes as a set.
var economies = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(economyCodes) {
		m[c] = true
	}
	return m
})

// KnownEconomy reports whether code names an economy by the codes of
// economyCodes: ISO 3166 alpha-3 (current and former), XKX and EUU.
func KnownEconomy(code string) bool { return economies()[code] }
