package playbook

import (
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// Sanctions dataset files. The files themselves are not in the repository
// (they are reference data in ../shared/data/external); the statistics
// computed from them are (sanctions_stats.json), so a playbook run shows
// them whatever directory tradebloc is started from. --sanctions-dir
// recomputes them from the files.
const (
	TIESFile   = "ties_v4_1_imposed_sanctions_extract.csv"
	MartinFile = "martin1992_multilateral_sanctions.csv"
)

// SanctionsStats are statistics computed from TIES v4.1 (imposed sanctions
// 1945–2005 with a primary sender) and Martin (1992) (78 multilateral
// sanctions cases 1939–1983).
type SanctionsStats struct {
	// Dir is the directory the files were read from; "" for the embedded
	// statistics. Source says where the numbers come from in words.
	Dir    string `json:"dir"`
	Source string `json:"source"`
	// TIES: cases, the share that succeeded (the target acquiesced or a
	// settlement was negotiated, TIES's `success` flag) among cases with a
	// known outcome, and the same for US-led cases and for cases where sender
	// and target were formal allies.
	TIESCases          int     `json:"ties_cases"`
	TIESSuccessPct     float64 `json:"ties_success_pct"`
	TIESUSSuccessPct   float64 `json:"ties_us_sender_success_pct"`
	TIESAllySuccessPct float64 `json:"ties_allied_target_success_pct"`
	// Martin: mean cost to the senders (1 net gain … 4 major loss) and the
	// share of cases with high cooperation (coop ≥ 3), for one sender, 2–4
	// and 5 or more: the cost of more senders.
	MartinCases     int                `json:"martin_cases"`
	MartinMeanCost  map[string]float64 `json:"martin_mean_cost_by_senders"`
	MartinHighCoop  map[string]float64 `json:"martin_high_cooperation_pct_by_senders"`
	MartinCaseCount map[string]int     `json:"martin_cases_by_senders"`
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no data rows", path)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for k, h := range rows[0] {
			if k < len(r) {
				m[h] = r[k]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// EmbeddedSource is the Source of the embedded statistics.
const EmbeddedSource = "computed from " + TIESFile + " (TIES v4.1, Morgan, Bapat & Kobayashi) and " + MartinFile +
	" (Martin 1992, as shipped in R Zelig) and embedded in tradebloc (internal/playbook/sanctions_stats.json)"

//go:embed sanctions_stats.json
var embeddedStats []byte

// EmbeddedSanctions returns the statistics embedded in the binary, computed
// from the shared files by ReadSanctions (a test checks they agree).
func EmbeddedSanctions() (*SanctionsStats, error) {
	var st SanctionsStats
	if err := json.Unmarshal(embeddedStats, &st); err != nil {
		return nil, fmt.Errorf("embedded sanctions statistics: %w", err)
	}
	st.Dir, st.Source = "", EmbeddedSource
	return &st, nil
}

// ReadSanctions computes the statistics from the two files in dir.
func ReadSanctions(dir string) (*SanctionsStats, error) {
	if dir == "" {
		return nil, fmt.Errorf("no sanctions directory")
	}
	ties, err := readCSV(filepath.Join(dir, TIESFile))
	if err != nil {
		return nil, err
	}
	mar, err := readCSV(filepath.Join(dir, MartinFile))
	if err != nil {
		return nil, err
	}
	st := &SanctionsStats{Dir: dir, Source: "computed from " + TIESFile + " and " + MartinFile + " in the directory given", TIESCases: len(ties), MartinCases: len(mar),
		MartinMeanCost: map[string]float64{}, MartinHighCoop: map[string]float64{}, MartinCaseCount: map[string]int{}}
	share := func(keep func(map[string]string) bool) float64 {
		n, s := 0, 0
		for _, r := range ties {
			if r["success"] == "NA" || r["success"] == "" || !keep(r) {
				continue
			}
			n++
			if r["success"] == "1" {
				s++
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return r3(100 * float64(s) / float64(n))
	}
	st.TIESSuccessPct = share(func(map[string]string) bool { return true })
	st.TIESUSSuccessPct = share(func(r map[string]string) bool { return r["sender"] == "USA" })
	st.TIESAllySuccessPct = share(func(r map[string]string) bool { return r["formal_alliance"] == "1" })
	sum := map[string]float64{}
	coop := map[string]int{}
	for _, r := range mar {
		n, err1 := strconv.Atoi(r["num"])
		c, err2 := strconv.ParseFloat(r["cost"], 64)
		co, err3 := strconv.Atoi(r["coop"])
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		k := "1"
		switch {
		case n >= 5:
			k = "5+"
		case n >= 2:
			k = "2-4"
		}
		st.MartinCaseCount[k]++
		sum[k] += c
		if co >= 3 {
			coop[k]++
		}
	}
	for k, n := range st.MartinCaseCount {
		st.MartinMeanCost[k] = r3(sum[k] / float64(n))
		st.MartinHighCoop[k] = r3(100 * float64(coop[k]) / float64(n))
	}
	return st, nil
}
