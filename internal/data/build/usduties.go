package build

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/data"
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
	codes := make([]string, d.S())
	for s, sec := range d.Sectors {
		codes[s] = sec.Code
	}
	rows, matched, _, unmatched := tariffs.RecordRows(codes)
	if matched == 0 {
		return out, fmt.Errorf("build: the US record has no rows for the sectors %v", codes)
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
