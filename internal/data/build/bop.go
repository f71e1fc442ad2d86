package build

import (
	"math"
	"regexp"
	"slices"
	"strconv"
)

// bopFile holds the 2023 goods balances on a balance-of-payments basis
// (IMF via World Bank WDI BN.GSR.MRCH.CD) for the 65 largest economies, and
// Taiwan's customs totals.
const bopFile = "goods_balance_2023.csv"

// goodsTarget is what the compiled table says about one economy's 2023
// goods trade, USD million: a BoP balance, or (Taiwan) customs exports and
// imports.
type goodsTarget struct {
	code             string
	balance          float64 // exports − imports; NaN when the table has none
	exports, imports float64 // customs totals; NaN unless the table gives them
	file             string  // where the row is, for errors
	line             int
}

// customsTotals finds the customs exports and imports (USD bn) that the
// source cell of a row without a BoP balance quotes ("Customs basis (MOF,
// R.O.C.): exports 432.48, imports 351.62, …"). The table has them only in
// that text; the row's customs_balance_usd_bn column cross-checks them.
var customsTotals = regexp.MustCompile(`exports ([0-9]+(?:\.[0-9]+)?), imports ([0-9]+(?:\.[0-9]+)?)`)

// readGoodsTargets reads bopFile: every row with a BoP balance, and every
// row without one whose source quotes customs totals consistent with its
// customs balance. Rows with neither (no figure in the source) are
// returned in without, sorted.
func readGoodsTargets(dir string) (targets []goodsTarget, without []string, err error) {
	s, err := readSource(dir, bopFile, []string{"iso3", "goods_balance_bop_usd_bn", "customs_balance_usd_bn", "source"})
	if err != nil {
		return nil, nil, err
	}
	for k, r := range s.rows {
		t := goodsTarget{code: s.get(r, "iso3"), balance: math.NaN(), exports: math.NaN(), imports: math.NaN()}
		t.file, t.line = s.path, s.lines[k]
		b, ok, err := s.num(k, "goods_balance_bop_usd_bn")
		if err != nil {
			return nil, nil, err
		}
		if ok {
			t.balance = b * 1000
			targets = append(targets, t)
			continue
		}
		cb, ok, err := s.num(k, "customs_balance_usd_bn")
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			without = append(without, t.code)
			continue
		}
		m := customsTotals.FindStringSubmatch(s.get(r, "source"))
		if m == nil {
			return nil, nil, s.errf(k, "source", "customs_balance_usd_bn given but the source quotes no \"exports X, imports Y\"")
		}
		ex, _ := strconv.ParseFloat(m[1], 64)
		im, _ := strconv.ParseFloat(m[2], 64)
		// The press reports quoted for Taiwan (MOF via Taipei Times and
		// ECCT) give exports 432.48, imports 351.62 and a surplus of 80.56,
		// which differ by 0.30 bn; the totals are used. A larger gap means
		// a misread cell.
		if math.Abs(ex-im-cb) > 0.005*(ex+im) {
			return nil, nil, s.errf(k, "customs_balance_usd_bn", "customs exports %g − imports %g is far from customs_balance_usd_bn %g", ex, im, cb)
		}
		t.exports, t.imports, t.balance = ex*1000, im*1000, (ex-im)*1000
		targets = append(targets, t)
	}
	slices.Sort(without)
	return targets, without, nil
}
