package simulate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// censusNote says which partners the players would include if the leader's
// K largest partners were ranked by Census 2024 goods trade instead of the
// dataset's: world-2023's flows are 2023 mirror data (Taiwan's from ICIO
// 2022), and Taiwan's US imports there are $65 bn against Census 2024's
// $116 bn, which keeps it out of the top eight. Only when the players are
// the top partners (no candidates named) and the leader is the US, whose
// trade Census records; "" otherwise or when both rankings agree.
func (w *World) censusNote() string {
	if len(w.Spec.Candidates) > 0 || w.Data.Countries[w.Leader].Code != "USA" {
		return ""
	}
	census := map[string]float64{}
	for _, r := range tariffs.Census() {
		census[r.Code] = r.Exports + r.Imports
	}
	censusOf := func(name string) (float64, bool) {
		if name == data.CommonPolicyGroup {
			name = tariffs.EUCode // Census's row for the union
		}
		v, ok := census[name]
		return v, ok
	}
	playing, targets := map[string]bool{}, map[string]bool{}
	k := 0
	for _, p := range w.Players {
		if p.Target {
			targets[p.Name] = true
			continue
		}
		playing[p.Name] = true
		k++
	}
	type unit struct {
		name            string
		data, census    float64
		dataRank, cRank int
	}
	var us []*unit
	for _, u := range w.Data.PolicyUnits() {
		if targets[u.Name] || u.Name == w.Data.Countries[w.Leader].Code {
			continue
		}
		c, ok := censusOf(u.Name)
		if !ok {
			continue
		}
		x := &unit{name: u.Name, census: c}
		for _, m := range u.Members {
			x.data += w.Data.GoodsFlow(nil, m, w.Leader) + w.Data.GoodsFlow(nil, w.Leader, m)
		}
		us = append(us, x)
	}
	sort.SliceStable(us, func(a, b int) bool { return us[a].data > us[b].data })
	for r, u := range us {
		u.dataRank = r + 1
	}
	sort.SliceStable(us, func(a, b int) bool { return us[a].census > us[b].census })
	var missing []string
	for r, u := range us {
		u.cRank = r + 1
		if r < k && !playing[u.name] {
			missing = append(missing, fmt.Sprintf("%s (%s by Census, $%.0f bn; %s by the dataset's goods trade, $%.0f bn)",
				u.name, ordinal(u.cRank), u.census/1000, ordinal(u.dataRank), u.data*w.Data.UnitMillions()/1000))
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf("players: %s's %d largest partners in the dataset; ranked by Census 2024 goods trade (exports + imports) they would include %s: name it among the candidates, or raise --top",
		w.Data.Countries[w.Leader].Code, k, strings.Join(missing, ", "))
}

// ordinal is 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
