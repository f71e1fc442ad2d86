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
// claim USMCA preference (Canadian energy and potash at 10%); the Section 122
// surcharge spared the same goods. A one-sector schedule needs one number per
// partner: the dated schedules take it from the effective-rate table (the
// duty's TOTAL over all goods on the table date, USMCA use at its H2-2025
// average), so they agree with `tariffs effective`. Liberation Day as
// announced charges them instead the reciprocal formula's rate, as Ignatenko,
// Lashkaripour, Macedoni & Simonovska (2025) do (their calculator's
// applied_tariff, CAN 10 and MEX 17, is the formula: Census 2024 (m-x)/m of
// 15.3% and 34.0%, halved, 10% floor): the rate they would pay on the chart,
// without USMCA preference. An earlier version read those two numbers as
// the fentanyl duty's effective rate (coverage 0.40 and 0.68 of 25%), which
// the effective-rate table contradicts (1.72% and 2.76% on 2025-04-10).

// canMexEffective is the dated schedules' CAN and MEX entries: an
// authority's duty as the effective-rate table sizes it on a table date.
func canMexEffective(eff map[string]float64, date, authority, what string, canStatutory, mexStatutory float64) ([]entry, error) {
	var out []entry
	for _, c := range []struct {
		code      string
		statutory float64
		extra     string
	}{{"CAN", canStatutory, energyNote(what)}, {"MEX", mexStatutory, ""}} {
		k := c.code + " " + date + " " + authority
		v, ok := eff[k]
		if !ok {
			return nil, fmt.Errorf("schedules: the effective-rate table has no %s TOTAL for %s on %s", authority, c.code, date)
		}
		out = append(out, entry{c.code, round2(v), "additional", fmt.Sprintf(
			"effective rate: %s %g%% on non-USMCA goods%s = %.2f%% of all its goods on %s (effective-rate table, %s; USMCA use at its H2-2025 average)",
			what, c.statutory, c.extra, v, date, authority)})
	}
	return out, nil
}

func energyNote(what string) string {
	if strings.Contains(what, "fentanyl") {
		return " (energy/potash 10%)"
	}
	return ""
}

// canMexFormula is Liberation Day's CAN and MEX entries: the reciprocal
// formula's rate on Census 2024 trade, max(10, round(50 (m-x)/m)).
func canMexFormula(by map[string]partner, eff map[string]float64) []entry {
	var out []entry
	for _, code := range []string{"CAN", "MEX"} {
		p := by[code]
		ratio := (p.imports - p.exports) / p.imports
		rate := math.Max(10, math.Round(50*ratio))
		out = append(out, entry{code, rate, "additional", fmt.Sprintf(
			"the reciprocal formula's rate as Ignatenko et al. (2025) charge it: (m-x)/m = %.1f%% of 2024 Census imports, halved, 10%% floor; "+
				"not on the chart: in law it paid the IEEPA fentanyl/border duty on non-USMCA goods, %.2f%% of all its goods on 2025-04-10 (tariffs effective); "+
				"this schedule charges it as if on the chart, without USMCA preference", 100*ratio, eff[code+" 2025-04-10 ieepa_other"])})
	}
	return out
}

// round2 rounds to two decimals, as the effective-rate table prints.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// canMexTotals is the effective-rate table's TOTAL (import-weighted over
// sectors, HS 98-99 apart) of each authority for CAN and MEX on each date,
// keyed "CAN 2025-04-10 ieepa_other".
func canMexTotals(cells []effRow) map[string]float64 {
	w, x := map[string]float64{}, map[string]float64{}
	for _, e := range cells {
		if (e.partner != "CAN" && e.partner != "MEX") || e.sector == naSector {
			continue
		}
		for a, name := range Authorities {
			k := e.partner + " " + e.date + " " + name
			w[k] += e.imports
			x[k] += e.imports * e.x[a]
		}
	}
	out := map[string]float64{}
	for k, sw := range w {
		if sw > 0 {
			out[k] = x[k] / sw
		}
	}
	return out
}

const (
	srcEO14257  = "EO 14257 (2025-04-02) Annex I as implemented in HTSUS 99-III US note 2(v)(xiii); chart of 2025-04-02"
	srcFentanyl = "EO 14195/14228 (CHN fentanyl 10% -> 20%); EO 14193/14194/14231 (CAN/MEX 25% on non-USMCA goods)"
	srcCalc     = "CAN/MEX: the Budget Lab's effective-rate table (us_effective_sectoral_rates.csv; tariffs effective)"
	srcCalcLib  = "CAN/MEX: the reciprocal formula's rate as in Ignatenko, Lashkaripour, Macedoni & Simonovska (2025), tariff calculator (tariffs.inasimonovska.com)"
)

// buildSchedules turns the partner table and the dated actions of the
// compiled timeline into the named schedules. Each entry's rate is the total
// additional US duty on that exporter with stacking already applied.
func buildSchedules(partners []partner, eff map[string]float64) ([]schedule, error) {
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
		description: "EO 14257 as announced on 2025-04-02: the 57 Annex I rates (EU 20 for all members) and a 10% baseline on every other partner (baseline from 2025-04-05, Annex I from 2025-04-09, suspended for all but China the next day). China adds the 20% IEEPA fentanyl duty. Canada and Mexico were not on the chart (they paid the IEEPA fentanyl/border duty on non-USMCA goods, 1.7% and 2.8% of all their goods); as in Ignatenko et al. (2025), they are charged the reciprocal formula's rate (10 and 17), what they would pay on the chart without USMCA preference.",
		source:      srcEO14257 + "; " + srcFentanyl + "; " + srcCalcLib,
		stacking:    "reciprocal rate + IEEPA fentanyl duty (CHN 34 + 20 = 54); CAN/MEX: the formula's rate on all their goods; Annex II products and Section 232 goods not modelled",
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
	lib.entries = append(lib.entries, canMexFormula(by, eff)...)
	fent0410, err := canMexEffective(eff, "2025-04-10", "ieepa_other", "IEEPA fentanyl/border duty", 25, 25)
	if err != nil {
		return nil, err
	}

	pause := schedule{
		name: "pause-2025-04", date: "2025-04-10",
		title:       "90-day pause; China at 125% + 20%",
		description: "EO 14266 (2025-04-09): Annex I rates suspended for every partner but China, which pays 125% reciprocal (34 -> 84 -> 125) plus the 20% fentanyl duty; 10% on all others. Canada and Mexico stay on the fentanyl duty.",
		source:      "EO 14259 (2025-04-08), EO 14266 (2025-04-09); " + srcFentanyl + "; " + srcCalc,
		stacking:    "CHN: reciprocal 125 + fentanyl 20 = 145 (the escalation replaces the 34); CAN/MEX: fentanyl duty only (effective)",
		defaultPct:  10,
		entries:     []entry{{"CHN", 145, "additional", "reciprocal 125 (EO 14266) + IEEPA fentanyl 20"}},
	}
	pause.entries = append(pause.entries, fent0410...)

	geneva := schedule{
		name: "geneva-2025-05", date: "2025-05-14",
		title:       "Geneva arrangement: China back to 10% + 20%",
		description: "EO 14298 (2025-05-12): 24 pp of China's 34% suspended and the April escalations removed, so China pays 10% reciprocal plus the 20% fentanyl duty; the pause keeps everyone else at 10%.",
		source:      "EO 14298 (2025-05-12); " + srcFentanyl + "; " + srcCalc,
		stacking:    "CHN: reciprocal 10 + fentanyl 20 = 30; CAN/MEX: fentanyl duty only (effective)",
		defaultPct:  10,
		entries:     []entry{{"CHN", 30, "additional", "reciprocal 10 (34 with 24 pp suspended) + IEEPA fentanyl 20"}},
	}
	geneva.entries = append(geneva.entries, fent0410...)

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
	fent0807, err := canMexEffective(eff, "2025-08-07", "ieepa_other", "IEEPA fentanyl/border duty", 35, 25)
	if err != nil {
		return nil, err
	}
	aug.entries = append(aug.entries, fent0807...)

	nov := schedule{
		name: "nov-2025", date: "2025-11-15",
		title:       "After the November 2025 deals",
		description: "aug-2025 with the changes of 10-15 Nov 2025: China's fentanyl duty cut to 10% (reciprocal stays 10%, suspension to 2026-11-10); Switzerland and Liechtenstein (2025-11-14) and South Korea (2025-11-15) get 15% all-in floors. Product-level exemptions are not modelled.",
		source:      "EOs of 2025-11-04 (China); fact sheet of 2025-11-14 / EO 14346 (Switzerland, Liechtenstein); US-Korea arrangement (HTS 2025-11-15); plus the sources of aug-2025",
		stacking:    "as aug-2025; CHN 10 + 10 = 20; CHE, LIE, KOR, EU, JPN all-in: max(MFN, 15)",
		defaultPct:  10,
	}
	fent1115, err := canMexEffective(eff, "2025-11-15", "ieepa_other", "IEEPA fentanyl/border duty", 35, 25)
	if err != nil {
		return nil, err
	}
	nov.entries = append(nov.entries, fent1115...)
	for _, e := range aug.entries {
		switch e.exporter {
		case "CAN", "MEX":
			continue
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
		description: "The Supreme Court (Learning Resources v. Trump, 2026-02-20) ended all IEEPA duties (reciprocal, fentanyl, Brazil; India's 25% over Russian oil had ended on 2026-02-07, EO of 2026-02-06); from 2026-02-24 a 10% Section 122 surcharge applies to all partners for 150 days. Exceptions: USMCA-qualifying goods of Canada and Mexico (effective rates below); product exceptions in the proclamation's annexes are not modelled. Section 232/301 duties are separate and not included.",
		source:      "EO \"Ending Certain Tariff Actions\" and Section 122 proclamation (both 2026-02-20); " + srcCalc,
		stacking:    "Section 122 replaces every IEEPA duty: 10 on all, no country-specific rates; CAN/MEX only on non-USMCA goods (effective)",
		defaultPct:  10,
	}
	if s122.entries, err = canMexEffective(eff, "2026-02-24", "s122", "Section 122 surcharge", 10, 10); err != nil {
		return nil, err
	}
	return []schedule{lib, pause, geneva, aug, nov, s122}, nil
}

// readme is written as record/README.md: what each file holds, where its
// numbers come from, how the effective rates are computed and under which
// licence one input may be used.
const readme = `# US tariff record (generated)

Generated by ` + "`go generate ./internal/tariffs`" + ` (package ` + "`internal/tariffs/recordgen`" + `) from
` + "`shared/data/compiled`" + `; do not edit by hand. A test regenerates these files and requires them to be
byte-identical.

| file | content |
|---|---|
| partners.csv | the 187 partners of reciprocal_tariffs_2025.csv: 2024 US imports/exports (USD mn, Census, full precision), the 2 Apr 2025 chart ("tariffs charged", reciprocal), Annex I listing and rate, the rates of 5 Apr, 10 Apr-6 Aug and from 7 Aug 2025 (number + mode additional/all_in + the original text as note) |
| census.csv | US Census 2024 goods trade by partner (countries and the EU aggregate EUU) |
| timeline.csv | dated country-level US tariff actions 2025-26, sorted by effective date, with the corrections below; ends: on an action that ends an earlier one, that action's date and scope (its last day is the day before) |
| aliases.csv | customs territories that pay another partner's rate in every schedule: HKG and MAC pay China's (EO 14257 Annex I, "China, including Hong Kong and Macau"; the scope "CHN (incl. HKG, MAC)" of the timeline's China actions) |
| schedules.csv, schedule_entries.csv | named schedules; each entry is the total additional US duty on the exporter with stacking applied (mode all_in: t' = max(t0, rate)); the aliases' entries are copies of their partner's, written by the generator |
| effective.csv | us_effective_sectoral_rates.csv without its aggregate rows (ALL_51, TOTAL_GOODS, recomputed at run time and checked here): additional US duty by partner (49 economies, EU27, and SVK on its own although inside EU27) x ICIO sector x the 5 table dates, split by authority (s232, ieepa_reciprocal, ieepa_other, s122, s301), 2024 import weight, statutory MFN average, share of value under Section 232 |
| sectors.csv | the ICIO sectors (names from hs2_to_icio.csv) and NA_ch98_99 (HS 98-99, outside TOTAL) |
| measures.csv | the 45 sectoral measures of us_sectoral_measures_2025_2026.csv as compiled and the one the generator adds (Corrections, below), with the sectors they name and how the effective rates use them (figures: rate, scope, none, unsized; figures_note) |
| events.csv | coverage events: the dates on which a measure changes the share of value an authority covers, for which partners (EUU = the EU members) and sectors |
| paths.csv | headline rates by authority, partner ("*" = every partner without its own rows) and sectors ("* -B06 -C19" = all but those), with first and last day (inclusive, empty = open), mode (additional, or all_in = a floor on MFN + duty) and base (own: the authority's own covered share; s122: the Section 122 share of 2026-02-24) |

## Effective rates on any date (tradebloc tariffs effective, schedule us-record)

On the five table dates (2025-01-01, 2025-04-10, 2025-08-07, 2025-11-15, 2026-02-24) the figures are the table's;
ALL (the 49 economies and EU27; Slovakia, listed too, is inside EU27) and TOTAL (a partner's sectors without HS 98-99) are
import-weighted means, as in the table. Between two table dates T1 < D < T2, the duty of authority a on partner p,
sector s is

    x(D) = x0 + b * e(D)

where e(D) is the headline rate of a's path for p and s on D (paths.csv; an all-in rate adds max(0, rate - MFN), with
the cell's average MFN), b the share of value it covers, and x0 what the path does not explain. b is read from the table
(b = x / e where e > 0) at T1 and T2; where e is 0 at T1 the path starts inside the interval and x0 = x(T1), b =
(x(T2) - x(T1)) / e(T2); where e is 0 at T2 it ends inside it and b = x(T1) / e(T1). b and x0 move from their T1 to
their T2 values in equal steps on the dates of the measures that change a's coverage for p and s (events.csv); with no
such measure the change falls on T2. Where Section 232 lists and measures of a's own (IEEPA exemptions) both move a's
share in the interval, the 232 lists move it only by the value they take over (at most the table's change in the
share under 232) and the rest moves on a's own measures. So the table is reproduced on its dates, rate changes (the 2 April rates, the
pause, China's escalation and Geneva cut, EO 14326, the Canadian 35%, the Brazil and India duties, the China fentanyl
cut, the Swiss and Korean floors, the auto deals, steel and aluminium at 50%, softwood lumber, Section 122) are applied
on their dates with their rates and stacking rules (an all-in floor is applied to MFN, not summed), and coverage
changes (new 232 lists, exemptions) are sized by the table's own change of coverage. Changes that no measure explains
fall on the next table date; for ALL they are below 0.1 pp per authority and interval (a test checks it). A change
no measure explains but that shares a sector with one is carried by that measure's steps.

After 2026-02-24 the coverage shares of that date are held: the Section 122 surcharge lapses after 2026-07-23; the
Section 301 actions on Brazil (25% from 2026-07-22) and on forced labour (from 2026-07-24: 10% or 12.5%, EU and
Taiwan 10% all-in incl. MFN, Japan, Korea, Switzerland 12.5% all-in) are charged on each partner's Section 122 share
of 2026-02-24, the closest the table has to their base (all goods but 232 goods, USMCA-qualifying goods and the
raw-material, energy and pharmaceutical exemptions). Measures the table cannot size are listed and not in the figures
(measures.csv, figures = unsized): the April 2026 metals restructuring (annexes, full value), Annex I-C, patented
pharmaceuticals, drones, polysilicon, the China maritime duties and the Section 338 duties on Canada. The
forced-labour action names 60 economies; the compiled row names 56 (EU members counted singly).

A partner outside the table gets the all-partner coverage shares (the import-weighted mean over the table's partners
of each one's share under its own rate) and sector weights, with its own headline rates: its reciprocal rate in
partners.csv (10% if it has none; China's for Macau), the Section 122 surcharge, the forced-labour rate if named;
Section 232 where no path sets it is the all-partner mean; China's Section 301 lists do not apply.

Limits: weights are fixed at 2024 (no diversion); USMCA use is the H2-2025 average at every date (as in the table);
metal duties on estimated metal content; semiconductor 232 at 0; statutory duties, not collections. The IEEPA duties
end after 2026-02-20 (their measures' end date, the day of the Supreme Court ruling); CBP collected them until the
Section 122 surcharge began on 2026-02-24, so 2026-02-21 to 02-23 carry neither. India's 25% over Russian oil ends
earlier, after 2026-02-06; its 25% reciprocal rate runs to 2026-02-20.

## Corrections of the compiled timeline

Made by the generator (recordgen/corrections.go), each written into the row's source; a correction that no longer
matches its row stops the generator.
- Added: 2026-02-07, India: the EO of 6 Feb 2026 "Modifying Duties to Address Threats to the United States by the
  Government of the Russian Federation", sec. 2, ended the 25% duty of EO 14329 from 12:01 am EST on 7 Feb 2026
  (headings 9903.01.84-9903.01.89 terminated); the compiled row of 2025-08-27 gives it no end, which kept it to
  2026-02-20. The fact sheet of 9 Feb 2026 says India's reciprocal rate "will" go from 25% to 18%, with no date; no
  order implemented it before the IEEPA duties ended (CBP CSMS #67702087: the reciprocal tariffs remain in effect),
  so the record keeps 25% to 2026-02-20.
- 2026-02-20 (end of the IEEPA duties): India's Russian-oil duty is no longer listed among the duties it ended.
- 2025-11-14, Switzerland and Liechtenstein: the tracker dates the HTS change of the 15% floor 2026-01-01
  (revision_dates.csv, 2026_basic), not 2025-11-14 as the compiled row said; the legal date 2025-11-14 (retroactive)
  stays.

And of the compiled measures:
- Added: IEEPA-BULLION-2025-09, all partners, C31T33 and C24B: EO 14346 (signed 2025-09-05), sec. 2(a) and Annex I,
  put gold (7108.11.00, 7108.12.50, 7108.13.10, 7108.13.55, 7108.13.70, 7108.20.00; HS 7108 is C24B in
  hs2_to_icio.csv) and gold bars entered as articles of precious metal (7115.90.05, 7115.90.30; HS 7115 is C31T33)
  into Annex II, out of the reciprocal tariff, from 12:01 am EDT on 2025-09-08. With no row, Switzerland's C31T33
  reciprocal share (gold bars: 0.992 on 2025-08-07, 0.223 on 2025-11-15) fell with the Section 232 lists of
  2025-08-18 and 2025-10-14, which take no reciprocal value over there, and the C24B shares (Australia, the UK,
  Switzerland) on 2025-11-15; now both fall on 2025-09-08. The order's other headings (ores, nickel, zinc, chemicals,
  pulp, magnets, LEDs; resins and silicones brought back into the duty) are not evented.

## Sources and licences

Every row also carries its own source.
- US Census Bureau FT-900 country data 2024 (country.xlsx), via github ab604/charts-2025.
- White House "Reciprocal Tariffs" chart of 2 Apr 2025, via github thegeekybeng/TIPM.
- Annex I of EO 14257 as implemented in HTSUS ch. 99 subch. III US note 2(v)(xiii), via github Budget-Lab-Yale/tariff-rate-tracker.
- Executive orders EO 14193-14195, 14228, 14231, 14257, 14259, 14266, 14298, 14323, 14326, 14329, 14346, the orders of
  7 Jul, 11 Aug, 4 Sep, 4 Nov 2025 and 6 Feb 2026 (India's Russian-oil duty ended), "Ending Certain Tariff Actions" and
  the Section 122 proclamation (20 Feb 2026), via github brian14708/wh-briefings.
- Canada and Mexico in the named schedules: liberation-day charges the reciprocal formula's rate (Census 2024 (m-x)/m,
  halved, 10% floor: CAN 10, MEX 17) as Ignatenko, Lashkaripour, Macedoni & Simonovska (2025), "Making America Great
  Again? The Economic Impacts of Liberation Day Tariffs", JIE, do (their calculator's applied values); the dated
  schedules (pause-2025-04 to section-122) take the duty they paid on non-USMCA goods, as a share of all their goods,
  from effective.csv (TOTAL of ieepa_other or s122 on the schedule's table date), so they carry its licence condition.
- Sectoral measures: proclamations, executive orders and fact sheets (US government works) via github
  brian14708/wh-briefings @ 737ca03; dates cross-checked with Budget-Lab-Yale/tariff-rate-tracker @ 8315fff (MIT); a few
  2026 items from the README of tradewartracker/trade-war-redux-2025 @ 726c595 (MIT).
- Effective rates (effective.csv): computed in shared/data/compiled from US Census 2024 HS10 consumption imports (public
  domain; tradewartracker/trade-war-redux-2025), MFN rates of Budget-Lab-Yale/Tariff-ETRs @ ffc0105, product scopes of
  Budget-Lab-Yale/tariff-rate-tracker @ 8315fff (MIT) and of **global-trade-alert/us-tariff-barrier-estimates @ 19097ee
  data/scenarios/exceptions.csv, licensed CC BY-NC 4.0 (attribution, non-commercial use only)**. effective.csv and every
  figure derived from it (tariffs effective, the us-record schedule and the scenarios that use it, the Canada and Mexico
  entries of the dated named schedules and the built-in coalition's member rates for them) carry that licence
  condition: credit Global Trade Alert and do not use them commercially. The scopes could be rebuilt from the HTSUS
  chapter 99 notes (MIT tracker repository) if that licence matters.
- HS to ICIO concordance (sector names): shared/data/compiled/hs2_to_icio.csv.

Caveats: Japan's 7 Aug 2025 rate is coded all_in because the EO of 4 Sep 2025 made it a 15% all-in floor
retroactively; the named schedules (schedules.csv) hold country-level rates only, without Section 232/301 duties or
product exemptions; those are in effective.csv.
`
