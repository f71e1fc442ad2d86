package build

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// missingBlock are the 19 economies that record no trade at all with each
// other in the BACI extract of the Ignatenko et al. (2025) replication
// (../shared/data/external/SOURCES.md, "BACI extract: a missing block"):
// KOR→VNM is 0 where ICIO 2022 has USD 51.8 bn. Their mutual flows are
// filled from ICIO (fillBlock). The generator checks that every pair among
// them is still zero in BACI, so a corrected extract stops the build
// instead of being overwritten.
var missingBlock = []string{"KOR", "VNM", "RUS", "POL", "ARG", "VEN", "BGD", "PHL", "IRN", "IRQ", "DZA", "SDN", "AGO", "GHA", "BLR", "COD", "TKM", "CMR", "LBY"}

// Bridge converts ICIO 2022 goods flows into BACI 2023 terms. ICIO values
// trade at basic prices, tariff-exclusive, by origin without re-exports,
// with transport and trade margins allocated to services; BACI values it
// FOB, mirror-reconciled, re-exports included, a year later. The ratio
// BACI/ICIO is therefore above 1 (Overall ≈ 1.33 on the data) and varies by
// economy (re-export hubs far above: HKG 18 as exporter, 23 as importer).
//
// KX[a] = Σ_b BACI(a→b) / Σ_b ICIO(a→b) over partners b that are ICIO
// economies with both flows > 0, excluding pairs inside missingBlock; KM[b]
// likewise over exporters a. Overall is the same ratio over all such pairs,
// and stands in for an economy without any such pair.
type Bridge struct {
	Overall float64
	KX, KM  map[string]float64
}

// kx is a's export bridge (Overall when a has no pair).
func (b Bridge) kx(a string) float64 {
	if k, ok := b.KX[a]; ok {
		return k
	}
	return b.Overall
}

// km is b's import bridge (Overall when b has no pair).
func (b Bridge) km(c string) float64 {
	if k, ok := b.KM[c]; ok {
		return k
	}
	return b.Overall
}

// bridgeFactors computes the Bridge from BACI (baci) and ICIO (ic).
func bridgeFactors(baci *matrix, ic *icio, block map[string]bool) (Bridge, error) {
	type ratio struct{ baci, icio float64 }
	kx, km := map[string]ratio{}, map[string]ratio{}
	var all ratio
	for _, a := range baci.codes {
		for _, b := range baci.codes {
			if a == b || !ic.economy[a] || !ic.economy[b] || (block[a] && block[b]) {
				continue
			}
			x, y := baci.at(a, b), ic.goodsFlow(a, b)
			if !(x > 0 && y > 0) {
				continue
			}
			rx, rm := kx[a], km[b]
			rx.baci, rx.icio = rx.baci+x, rx.icio+y
			rm.baci, rm.icio = rm.baci+x, rm.icio+y
			kx[a], km[b] = rx, rm
			all.baci, all.icio = all.baci+x, all.icio+y
		}
	}
	if !(all.icio > 0) {
		return Bridge{}, fmt.Errorf("build: no economy pair has both BACI and ICIO goods trade; cannot bridge ICIO to BACI")
	}
	br := Bridge{Overall: all.baci / all.icio, KX: map[string]float64{}, KM: map[string]float64{}}
	for c, r := range kx {
		br.KX[c] = r.baci / r.icio
	}
	for c, r := range km {
		br.KM[c] = r.baci / r.icio
	}
	return br, nil
}

// restOfWorld describes the BACI economies that ICIO lumps into ROW: their
// BACI exports and imports (which split ICIO's flows with ROW among them)
// and the world totals.
type restOfWorld struct {
	x0, m0       map[string]float64 // BACI exports and imports of every economy
	rowX, rowM   float64            // Σ x0, Σ m0 over the ROW members
	worldImports float64            // Σ m0 over all economies
}

func newRestOfWorld(baci *matrix, ic *icio) restOfWorld {
	r := restOfWorld{}
	r.x0, r.m0 = baci.totalsBy()
	for _, c := range baci.codes {
		r.worldImports += r.m0[c]
		if !ic.economy[c] {
			r.rowX += r.x0[c]
			r.rowM += r.m0[c]
		}
	}
	return r
}

// fillBlock sets the flows among the economies of block (zero in BACI) in m
// and returns their total. For a pair a→b:
//
//   - both ICIO economies: ICIO(a→b) · √(KX(a)·KM(b)), the geometric mean of
//     the exporter's and the importer's bridge;
//   - a in ICIO, b inside ICIO's ROW: ICIO(a→ROW) · b's share of the ROW
//     members' BACI imports · KX(a); symmetric when only b is in ICIO,
//     with b's ICIO(ROW→b), a's share of ROW members' BACI exports, KM(b);
//   - neither in ICIO: the independence estimate X_a·M_b/W from BACI
//     totals (W = world trade). It knows nothing of distance, so it
//     understates neighbours (Iran–Iraq).
//
// It fails if any pair is not zero in BACI.
func fillBlock(m, baci *matrix, ic *icio, block []string, br Bridge) (float64, error) {
	row := newRestOfWorld(baci, ic)
	total := 0.0
	for _, a := range block {
		for _, b := range block {
			if a == b {
				continue
			}
			if baci.at(a, b) != 0 {
				return 0, fmt.Errorf("build: BACI now records %s→%s = %g: the missing block has changed, revisit build.missingBlock", a, b, baci.at(a, b))
			}
			var v float64
			switch {
			case ic.economy[a] && ic.economy[b]:
				v = ic.goodsFlow(a, b) * math.Sqrt(br.kx(a)*br.km(b))
			case ic.economy[a]:
				v = ic.goodsFlow(a, icioRest) * share(row.m0[b], row.rowM) * br.kx(a)
			case ic.economy[b]:
				v = ic.goodsFlow(icioRest, b) * share(row.x0[a], row.rowX) * br.km(b)
			default:
				v = row.x0[a] * share(row.m0[b], row.worldImports)
			}
			m.set(a, b, v)
			total += v
		}
	}
	return total, nil
}

// addEconomy sets the flows of an ICIO economy that BACI lacks (Taiwan) with
// every BACI economy in m: with an ICIO economy b, ICIO(c→b)·KM(b) and
// ICIO(b→c)·KX(b), the partner's bridge (c has no BACI flows to bridge
// its own); with a ROW member, ICIO's c↔ROW flows split by the member's
// share of ROW members' BACI imports (c's exports) or exports (c's
// imports), times the overall bridge. It returns c's exports and imports.
func addEconomy(m, baci *matrix, ic *icio, c string, br Bridge) (x, im float64) {
	row := newRestOfWorld(baci, ic)
	for _, b := range baci.codes {
		if b == c {
			continue
		}
		var out, in float64
		if ic.economy[b] {
			out = ic.goodsFlow(c, b) * br.km(b)
			in = ic.goodsFlow(b, c) * br.kx(b)
		} else {
			out = ic.goodsFlow(c, icioRest) * share(row.m0[b], row.rowM) * br.Overall
			in = ic.goodsFlow(icioRest, c) * share(row.x0[b], row.rowX) * br.Overall
		}
		m.set(c, b, out)
		m.set(b, c, in)
		x += out
		im += in
	}
	return x, im
}

// share is part/whole, 0 when whole is 0.
func share(part, whole float64) float64 {
	if whole == 0 {
		return 0
	}
	return part / whole
}

// The rule for the BACI holes outside the missing block (fillHoles): a pair
// of ICIO economies whose BACI 2023 flow is below HoleMaxShare of its
// bridged ICIO 2022 value when that value exceeds HoleMinICIO (USD
// million) is taken from ICIO. SAU→KOR is 1.2 bn in BACI and 35.5 bn in
// ICIO (30.0 bridged). Only pairs dominated by energy and ores are holes
// (at least HoleMinEnergy of the ICIO flow in coal, crude, gas, metal ores
// and refined products): importers that keep the origin of their crude
// oil confidential (Korea's from Saudi Arabia and the UAE) leave BACI's
// mirror without a record, a known mechanism; for other goods a BACI flow far below ICIO's is as
// likely ICIO's estimate as a hole (Cambodia→Vietnam 1.6 bn in BACI
// against 9.7 bridged, mostly farm goods that cross informally; Ireland→
// Vietnam chips 0.1 against 3.9), and BACI's reported flow stays.
const (
	HoleMaxShare  = 0.25
	HoleMinICIO   = 2000.0
	HoleMinEnergy = 0.5
)

// holeExempt are the economies whose pairs fillHoles leaves alone: for
// Belarus, Russia and Ukraine the 2022→2023 collapses are sanctions and
// war, not holes in the data; the US's flows (AnchorEconomy) rest on US
// customs records, and where ICIO disagrees ICIO is wrong (US Census 2024:
// imports from Angola 1.9 bn, exports to DR Congo 0.25 bn, against ICIO's
// bridged 9.5 and 2.1).
var holeExempt = []string{"BLR", "RUS", "UKR", AnchorEconomy}

// HoleRule says fillHoles's rule in words, for the build report.
func HoleRule() string {
	return fmt.Sprintf("a pair of ICIO economies outside the block whose bridged ICIO 2022 value exceeds %.0f USD mn, at least %.0f%% of it energy and ores (%s: origins importers keep confidential), while BACI holds less than %.0f%% of it takes that value; pairs with %s are left alone",
		HoleMinICIO, 100*HoleMinEnergy, strings.Join(energySectors, ", "), 100*HoleMaxShare, strings.Join(holeExempt, ", "))
}

// Hole is one pair fillHoles replaced.
type Hole struct {
	Exporter, Importer string
	BACI, Filled       float64 // USD million, before and after
}

// fillHoles replaces in m every hole of BACI outside block: a pair a→b of
// ICIO economies, neither in holeExempt nor added (addEconomy fills those)
// and not both in block, whose bridged ICIO value ICIO(a→b)·√(KX(a)·KM(b))
// (fillBlock's) exceeds HoleMinICIO, at least HoleMinEnergy of it energy,
// while BACI holds less than HoleMaxShare of it. It returns the pairs in code order. Pairs with an
// economy inside ICIO's ROW are not tried: splitting ICIO's ROW flows by
// BACI shares is no bilateral evidence (it would "fill" US exports to
// Iran), so Kuwait's and Oman's oil to Korea (BACI 14 and 325 mn) stay.
func fillHoles(m, baci *matrix, ic *icio, block map[string]bool, br Bridge) []Hole {
	var out []Hole
	for _, a := range baci.codes {
		for _, b := range baci.codes {
			if a == b || !ic.economy[a] || !ic.economy[b] || (block[a] && block[b]) ||
				slices.Contains(holeExempt, a) || slices.Contains(holeExempt, b) ||
				slices.Contains(addedEconomies, a) || slices.Contains(addedEconomies, b) {
				continue
			}
			v := ic.goodsFlow(a, b) * math.Sqrt(br.kx(a)*br.km(b))
			if x := baci.at(a, b); v > HoleMinICIO && x < HoleMaxShare*v && ic.energyShare(a, b) >= HoleMinEnergy {
				m.set(a, b, v)
				out = append(out, Hole{Exporter: a, Importer: b, BACI: x, Filled: v})
			}
		}
	}
	return out
}
