package recordgen

import (
	"fmt"
	"math"
	"strings"
)

// schedule and entry mirror tariffs.Schedule and tariffs.Entry as written to
// schedules.csv and schedule_entries.csv.
type schedule struct {
	name, date, title, description, source, stacking string
	defaultPct                                       float64
	entries                                          []entry
}

type entry struct {
	exporter string
	rate     float64
	mode     string
	note     string
}

// Canada and Mexico never had a reciprocal rate: from 4 Mar 2025 they paid the
// IEEPA "fentanyl/border" duty, and from 7 Mar 2025 only on goods that do not
// claim USMCA preference (Canadian energy and potash at 10%). A one-sector
// model needs one number per partner, so we use the effective rates of the
// Ignatenko, Lashkaripour, Macedoni & Simonovska (2025) tariff calculator
// (applied_tariff: CAN 10, MEX 17; quoted in shared/data/compiled/README.md)
// and scale them with the statutory rate when it changes (CAN 25 → 35 on 1 Aug
// 2025, the 10% Section 122 surcharge), i.e. we hold their implied coverage
// (CAN 10/25 = 0.40, MEX 17/25 = 0.68) fixed. Census 2024 USMCA-claimed imports
// (38% of Canada's, 49% of Mexico's) would give a different split; claims
// rose in 2025, so no single share is exact.
const (
	canEffective2025 = 10.0 // Ignatenko et al. calculator, 25% statutory
	mexEffective2025 = 17.0 // Ignatenko et al. calculator, 25% statutory
	canCoverage      = canEffective2025 / 25
	mexCoverage      = mexEffective2025 / 25
)

// round1 rounds to one decimal so derived effective rates print cleanly.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

func canMex(canStatutory, mexStatutory float64, what string) []entry {
	energy := ""
	if strings.Contains(what, "fentanyl") {
		energy = " (energy/potash 10%)"
	}
	return []entry{
		{"CAN", round1(canStatutory * canCoverage), "additional", fmt.Sprintf(
			"effective rate: %s %g%% on non-USMCA goods%s x coverage %.2f implied by the Ignatenko et al. (2025) calculator's applied CAN 10 at 25%%", what, canStatutory, energy, canCoverage)},
		{"MEX", round1(mexStatutory * mexCoverage), "additional", fmt.Sprintf(
			"effective rate: %s %g%% on non-USMCA goods x coverage %.2f implied by the Ignatenko et al. (2025) calculator's applied MEX 17 at 25%%", what, mexStatutory, mexCoverage)},
	}
}

const (
	srcEO14257  = "EO 14257 (2025-04-02) Annex I as implemented in HTSUS 99-III US note 2(v)(xiii); chart of 2025-04-02"
	srcFentanyl = "EO 14195/14228 (CHN fentanyl 10% -> 20%); EO 14193/14194/14231 (CAN/MEX 25% on non-USMCA goods)"
	srcCalc     = "CAN/MEX effective rates: Ignatenko, Lashkaripour, Macedoni & Simonovska (2025) tariff calculator (tariffs.inasimonovska.com)"
)

// buildSchedules turns the partner table and the dated actions of the
// compiled timeline into the named schedules. Each entry's rate is the total
// additional US duty on that exporter with stacking already applied.
func buildSchedules(partners []partner) ([]schedule, error) {
	by := map[string]partner{}
	for _, p := range partners {
		by[p.code] = p
	}
	for _, c := range []string{"CHN", "EUU", "JPN", "BRA", "IND", "CAN", "MEX", "CHE", "LIE", "KOR"} {
		if _, ok := by[c]; !ok {
			return nil, fmt.Errorf("schedules: partner %s missing from %s", c, reciprocalFile)
		}
	}

	// 2 April 2025 as announced (Annex I effective 9 April 00:01).
	lib := schedule{
		name: "liberation-day", date: "2025-04-09",
		title:       "Liberation Day: Annex I reciprocal rates as announced",
		description: "EO 14257 as announced on 2025-04-02: the 57 Annex I rates (EU 20 for all members) and a 10% baseline on every other partner (baseline from 2025-04-05, Annex I from 2025-04-09, suspended for all but China the next day). China adds the 20% IEEPA fentanyl duty. Canada and Mexico were not on the chart; they pay the IEEPA fentanyl/border duty on non-USMCA goods instead.",
		source:      srcEO14257 + "; " + srcFentanyl + "; " + srcCalc,
		stacking:    "reciprocal rate + IEEPA fentanyl duty (CHN 34 + 20 = 54); CAN/MEX: fentanyl duty only, as an effective rate over all their goods; Annex II products and Section 232 goods not modelled",
		defaultPct:  10,
	}
	for _, p := range partners {
		if !p.annexListed {
			continue
		}
		e := entry{p.code, p.annexPct, "additional", "Annex I"}
		if p.code == "CHN" {
			e = entry{"CHN", p.annexPct + 20, "additional", fmt.Sprintf("Annex I %g + IEEPA fentanyl 20", p.annexPct)}
		}
		lib.entries = append(lib.entries, e)
	}
	lib.entries = append(lib.entries, canMex(25, 25, "IEEPA fentanyl/border duty")...)

	pause := schedule{
		name: "pause-2025-04", date: "2025-04-10",
		title:       "90-day pause; China at 125% + 20%",
		description: "EO 14266 (2025-04-09): Annex I rates suspended for every partner but China, which pays 125% reciprocal (34 -> 84 -> 125) plus the 20% fentanyl duty; 10% on all others. Canada and Mexico stay on the fentanyl duty.",
		source:      "EO 14259 (2025-04-08), EO 14266 (2025-04-09); " + srcFentanyl + "; " + srcCalc,
		stacking:    "CHN: reciprocal 125 + fentanyl 20 = 145 (the escalation replaces the 34); CAN/MEX: fentanyl duty only (effective)",
		defaultPct:  10,
		entries:     []entry{{"CHN", 145, "additional", "reciprocal 125 (EO 14266) + IEEPA fentanyl 20"}},
	}
	pause.entries = append(pause.entries, canMex(25, 25, "IEEPA fentanyl/border duty")...)

	geneva := schedule{
		name: "geneva-2025-05", date: "2025-05-14",
		title:       "Geneva arrangement: China back to 10% + 20%",
		description: "EO 14298 (2025-05-12): 24 pp of China's 34% suspended and the April escalations removed, so China pays 10% reciprocal plus the 20% fentanyl duty; the pause keeps everyone else at 10%.",
		source:      "EO 14298 (2025-05-12); " + srcFentanyl + "; " + srcCalc,
		stacking:    "CHN: reciprocal 10 + fentanyl 20 = 30; CAN/MEX: fentanyl duty only (effective)",
		defaultPct:  10,
		entries:     []entry{{"CHN", 30, "additional", "reciprocal 10 (34 with 24 pp suspended) + IEEPA fentanyl 20"}},
	}
	geneva.entries = append(geneva.entries, canMex(25, 25, "IEEPA fentanyl/border duty")...)

	aug := schedule{
		name: "aug-2025", date: "2025-08-07",
		title:       "EO 14326 rates from 7 August 2025",
		description: "EO 14326 Annex I rates from 2025-08-07 (10% for unlisted partners); EU and Japan as 15% all-in floors; China 10% reciprocal + 20% fentanyl; Canada 35% and Mexico 25% fentanyl duties on non-USMCA goods (effective rates); Brazil +40% (EO 14323, from 2025-08-06) and India +25% (EO 14329, from 2025-08-27) on top of their reciprocal rates. Not included: the 40% transshipment penalty, product exemptions (Annex II, Brazil's excepted products), Section 232/301 duties.",
		source:      "EO 14326 (2025-07-31) Annex I; EO of 2025-09-04 (Japan); EO amending EO 14193 (2025-07-31, Canada 35%); EO 14323 (Brazil); EO 14329 (India); EO of 2025-08-11 (China); " + srcFentanyl + "; " + srcCalc,
		stacking:    "reciprocal + fentanyl (CHN 10 + 20 = 30) + country-specific IEEPA duties (BRA 10 + 40 = 50, IND 25 + 25 = 50); EU and JPN all-in: max(MFN, 15); CAN/MEX fentanyl only (effective)",
		defaultPct:  10,
	}
	for _, p := range partners {
		switch p.code {
		case "CHN", "CAN", "MEX", "BRA", "IND":
			continue
		}
		if p.rate0807 == aug.defaultPct && p.mode0807 == "additional" {
			continue
		}
		note := p.note0807
		if note == "" {
			note = "EO 14326 Annex I"
		}
		aug.entries = append(aug.entries, entry{p.code, p.rate0807, p.mode0807, note})
	}
	aug.entries = append(aug.entries,
		entry{"CHN", by["CHN"].rate0807 + 20, "additional", fmt.Sprintf("reciprocal %g (24 pp of 34 suspended) + IEEPA fentanyl 20", by["CHN"].rate0807)},
		entry{"BRA", by["BRA"].rate0807 + 40, "additional", fmt.Sprintf("reciprocal %g + IEEPA 40 (EO 14323, from 2025-08-06; excepted products not modelled)", by["BRA"].rate0807)},
		entry{"IND", by["IND"].rate0807 + 25, "additional", fmt.Sprintf("reciprocal %g + IEEPA 25 over Russian oil (EO 14329, from 2025-08-27)", by["IND"].rate0807)},
	)
	aug.entries = append(aug.entries, canMex(35, 25, "IEEPA fentanyl/border duty")...)

	nov := schedule{
		name: "nov-2025", date: "2025-11-15",
		title:       "After the November 2025 deals",
		description: "aug-2025 with the changes of 10-15 Nov 2025: China's fentanyl duty cut to 10% (reciprocal stays 10%, suspension to 2026-11-10); Switzerland and Liechtenstein (2025-11-14) and South Korea (2025-11-15) get 15% all-in floors. Product-level exemptions are not modelled.",
		source:      "EOs of 2025-11-04 (China); fact sheet of 2025-11-14 / EO 14346 (Switzerland, Liechtenstein); US-Korea arrangement (HTS 2025-11-15); plus the sources of aug-2025",
		stacking:    "as aug-2025; CHN 10 + 10 = 20; CHE, LIE, KOR, EU, JPN all-in: max(MFN, 15)",
		defaultPct:  10,
	}
	for _, e := range aug.entries {
		switch e.exporter {
		case "CHN":
			e = entry{"CHN", by["CHN"].rate0807 + 10, "additional", fmt.Sprintf("reciprocal %g + IEEPA fentanyl 10 (from 2025-11-10)", by["CHN"].rate0807)}
		case "CHE", "LIE":
			e = entry{e.exporter, 15, "all_in", "15% all-in floor from 2025-11-14 (framework deal; was " + fmtNum(e.rate) + "%)"}
		case "KOR":
			e = entry{"KOR", 15, "all_in", "15% all-in floor from 2025-11-15 (US-Korea arrangement)"}
		}
		nov.entries = append(nov.entries, e)
	}

	s122 := schedule{
		name: "section-122", date: "2026-02-24",
		title:       "Section 122 surcharge after the Supreme Court ruling",
		description: "The Supreme Court (Learning Resources v. Trump, 2026-02-20) ended all IEEPA duties (reciprocal, fentanyl, Brazil, India); from 2026-02-24 a 10% Section 122 surcharge applies to all partners for 150 days. Exceptions: USMCA-qualifying goods of Canada and Mexico (effective rates below); product exceptions in the proclamation's annexes are not modelled. Section 232/301 duties are separate and not included.",
		source:      "EO \"Ending Certain Tariff Actions\" and Section 122 proclamation (both 2026-02-20); " + srcCalc,
		stacking:    "Section 122 replaces every IEEPA duty: 10 on all, no country-specific rates; CAN/MEX only on non-USMCA goods (effective)",
		defaultPct:  10,
	}
	s122.entries = canMex(10, 10, "Section 122 surcharge")
	return []schedule{lib, pause, geneva, aug, nov, s122}, nil
}

// readme is written as record/README.md: what each file holds and where its
// numbers come from.
const readme = `# US tariff record (generated)

Generated by ` + "`go generate ./internal/tariffs`" + ` (package ` + "`internal/tariffs/recordgen`" + `) from
` + "`shared/data/compiled`" + `; do not edit by hand. A test regenerates these files and requires them to be
byte-identical.

| file | content |
|---|---|
| partners.csv | the 187 partners of reciprocal_tariffs_2025.csv: 2024 US imports/exports (USD mn, Census, full precision), the 2 Apr 2025 chart ("tariffs charged", reciprocal), Annex I listing and rate, the rates of 5 Apr, 10 Apr-6 Aug and from 7 Aug 2025 (number + mode additional/all_in + the original text as note) |
| census.csv | US Census 2024 goods trade by partner (countries and the EU aggregate EUU) |
| timeline.csv | dated US tariff actions 2025-26, sorted by effective date |
| aliases.csv | customs territories that pay another partner's rate in every schedule: HKG and MAC pay China's (EO 14257 Annex I, "China, including Hong Kong and Macau"; the scope "CHN (incl. HKG, MAC)" of the timeline's China actions) |
| schedules.csv, schedule_entries.csv | named schedules; each entry is the total additional US duty on the exporter with stacking applied (mode all_in: t' = max(t0, rate)); the aliases' entries are copies of their partner's, written by the generator |

Sources (every row also carries its own source):
- US Census Bureau FT-900 country data 2024 (country.xlsx), via github ab604/charts-2025.
- White House "Reciprocal Tariffs" chart of 2 Apr 2025, via github thegeekybeng/TIPM.
- Annex I of EO 14257 as implemented in HTSUS ch. 99 subch. III US note 2(v)(xiii), via github Budget-Lab-Yale/tariff-rate-tracker.
- Executive orders EO 14193-14195, 14228, 14231, 14257, 14259, 14266, 14298, 14323, 14326, 14329, 14346, the orders of
  7 Jul, 11 Aug, 4 Sep, 4 Nov 2025, "Ending Certain Tariff Actions" and the Section 122 proclamation (20 Feb 2026), via github brian14708/wh-briefings.
- Canada/Mexico effective rates: Ignatenko, Lashkaripour, Macedoni & Simonovska (2025), "Making America Great Again?
  The Economic Impacts of Liberation Day Tariffs", JIE, tariff calculator applied values CAN 10, MEX 17.

Caveats: Japan's 7 Aug 2025 rate is coded all_in because the EO of 4 Sep 2025 made it a 15% all-in floor
retroactively; Section 232/301 duties and product exemptions are not in the record.
`
