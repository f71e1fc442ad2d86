package build

import (
	"fmt"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// USDutyAnchor is the date of the US tariff record whose additional duties
// both worlds add to the US's baseline tariffs: the record's first date,
// the regime in force before 2025 (Section 232 on steel and aluminium,
// Section 301 on China). The applied averages the worlds
// start from (WDI, Teti) are MFN and preferential rates only, so without
// it the data year's US tariff on China would be its MFN rate.
const USDutyAnchor = tariffs.FirstDate

// USDuties records the additional US duties added to the baseline.
type USDuties struct {
	Date     string // the record's date, USDutyAnchor
	Partners int    // partners given a duty
	// NoRecord lists the sectors the record has no row for (icio-2022's
	// B09, mining support services), which get no duty.
	NoRecord []string
	// Trade-weighted mean US tariff on goods imports (services excluded),
	// percent, before and after, over all partners and on China.
	MeanBeforePct, MeanAfterPct   float64
	ChinaBeforePct, ChinaAfterPct float64
	// RevenueBefore and RevenueAfter are Σ t·X over the US's goods imports
	// at the dataset's prices, USD million.
	RevenueBefore, RevenueAfter float64
}

// addUSDuties adds to the US's baseline tariff on each partner and goods
// sector the additional duty of the US record on USDutyAnchor (package
// tariffs, the same import-weighted rows a us-record schedule applies): a
// one-sector dataset gets each partner's total, a dataset with ICIO codes
// the duty sector by sector and none on services; a unit that aggregates
// several economies gets its members' mean weighted by US imports. The
// dataset then says so (USRecordInBaseline), and us-record schedules apply
// only the change since that date.
func addUSDuties(d *data.Dataset) (USDuties, error) {
	out := USDuties{Date: USDutyAnchor}
	j, ok := d.Index("USA")
	if !ok {
		return out, fmt.Errorf("build: no USA in the dataset to carry the US record's duties")
	}
	eff, err := tariffs.EffectiveOn(USDutyAnchor)
	if err != nil {
		return out, err
	}
	rows, matched, _, unmatched := tariffs.RecordRows(d.SectorCodes())
	if matched == 0 {
		return out, fmt.Errorf("build: the US record has no rows for the sectors %v", d.SectorCodes())
	}
	out.NoRecord = unmatched
	var wAll, wCN float64
	chn, ok := d.Index("CHN")
	if !ok {
		chn = -1
	}
	for i, c := range d.Countries {
		if i == j {
			continue
		}
		var duty map[string]float64
		if members := d.Members[c.Code]; len(members) > 0 {
			duty = eff.MembersDuty(members, nil)
		} else {
			duty, _ = eff.Duty(c.Code, nil)
		}
		given := false
		for s, row := range rows {
			if row == "" {
				continue
			}
			k := d.At(i, j, s)
			x, before := d.Trade[k], d.Tariffs[k]
			after := before
			if duty[row] != 0 { // a rate without a duty keeps its digits
				after = roundRate(before + duty[row]/100)
				given = true
			}
			d.Tariffs[k] = after
			out.RevenueBefore += before * x
			out.RevenueAfter += after * x
			out.MeanBeforePct += 100 * before * x
			out.MeanAfterPct += 100 * after * x
			wAll += x
			if i == chn {
				out.ChinaBeforePct += 100 * before * x
				out.ChinaAfterPct += 100 * after * x
				wCN += x
			}
		}
		if given {
			out.Partners++
		}
	}
	if wAll > 0 {
		out.MeanBeforePct /= wAll
		out.MeanAfterPct /= wAll
	}
	if wCN > 0 {
		out.ChinaBeforePct /= wCN
		out.ChinaAfterPct /= wCN
	}
	d.USRecordInBaseline = USDutyAnchor
	return out, nil
}

// usFTAPartners are the US's free-trade-agreement partners besides USMCA
// (USTR, "Free Trade Agreements": Australia, Bahrain, Chile, Colombia, the
// CAFTA-DR members, Israel, Jordan, Korea, Morocco, Oman, Panama, Peru and
// Singapore), whose goods enter the US largely duty-free, and which admit
// nearly all US goods duty-free in turn (setTariffs: their tariff on US
// goods is 0).
var usFTAPartners = []string{"AUS", "BHR", "CHL", "COL", "CRI", "DOM", "GTM", "HND", "ISR", "JOR", "KOR", "MAR", "NIC", "OMN", "PAN", "PER", "SGP", "SLV"}

// USMFN records the US's partner-specific baseline tariffs (step 8).
type USMFN struct {
	FTAZero     int     // partners at 0 under an FTA (USMCA included)
	TableRows   int     // partners with their own MFN row (EU members counted once)
	FallbackPct float64 // the all-partner MFN average given the others, percent
	// Trade-weighted US tariff on its imports, percent: the WDI applied
	// average every partner paid before, and the partner-specific rates.
	WDIPct, MeanPct float64
}

// setUSMFN replaces the US's uniform applied average by partner-specific
// rates: 0 for its FTA partners (USMCA's zone and usFTAPartners), and for
// every other partner the import-weighted statutory MFN tariff on its 2024
// US imports (compiled us_effective_sectoral_rates.csv, column
// mfn_statutory_avg_pct on 2025-01-01, over the ICIO sectors: Budget Lab
// MFN rates × Census HS10 imports; the table's CC BY-NC product scopes are
// not used); EU members take the EU27 row, partners outside the table the
// all-partner row. The generalised preferences lapsed at the end of 2020,
// so outside the FTAs the MFN rate is the applied one; the WDI average
// (1.49%) instead gave Bangladesh's apparel the rate of Germany's machines.
func setUSMFN(compiledDir string, d *data.Dataset, out *USMFN) error {
	src, err := readSource(compiledDir, usRatesFile, []string{"date", "partner_iso3", "mfn_statutory_avg_pct", "us_imports_2024_usd_mn"})
	if err != nil {
		return err
	}
	num, den := map[string]float64{}, map[string]float64{}
	for k, r := range src.rows {
		if src.get(r, "date") != USDutyAnchor {
			continue
		}
		m, err := src.required(k, "mfn_statutory_avg_pct")
		if err != nil {
			return err
		}
		w, err := src.required(k, "us_imports_2024_usd_mn")
		if err != nil {
			return err
		}
		p := src.get(r, "partner_iso3")
		num[p] += w * m
		den[p] += w
	}
	mfn := map[string]float64{}
	for p, w := range den {
		if w > 0 {
			mfn[p] = num[p] / w
		}
	}
	all, okAll := mfn["ALL_51"]
	eu, okEU := mfn["EU27"]
	if !okAll || !okEU {
		return &errs.Error{Op: "build", Kind: errs.Invalid, File: src.path, Field: "partner_iso3", Err: fmt.Errorf("no ALL_51 or EU27 rows on %s", USDutyAnchor)}
	}
	out.FallbackPct = all
	j, ok := d.Index("USA")
	if !ok {
		return fmt.Errorf("build: no USA in the dataset")
	}
	zone := zoneMembership(d)
	euSet := groupMembers("EU27")
	var before, after, x float64
	for i, c := range d.Countries {
		if i == j {
			continue
		}
		k := d.At(i, j, 0)
		rate, own := mfn[c.Code]
		switch {
		case sharesZone(zone[i], zone[j]) || slices.Contains(usFTAPartners, c.Code):
			rate = 0
			out.FTAZero++
		case own:
			out.TableRows++
		case slices.Contains(euSet, c.Code):
			rate = eu
		default:
			rate = all
		}
		before += d.Tariffs[k] * d.Trade[k]
		d.Tariffs[k] = roundRate(rate / 100)
		after += d.Tariffs[k] * d.Trade[k]
		x += d.Trade[k]
	}
	out.WDIPct, out.MeanPct = 100*before/x, 100*after/x
	return nil
}
