package playbook

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tradebloc/tradebloc/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite sanctions_stats.json from the shared files")

// TestEmbeddedSanctionsStats: the statistics embedded in the binary are
// those ReadSanctions computes from the reference files in ../shared
// (rewrite them with -update when the files change).
func TestEmbeddedSanctionsStats(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "data", "external")
	fromFiles, err := ReadSanctions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		c := *fromFiles
		c.Dir, c.Source = "", ""
		b, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("sanctions_stats.json", append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		embeddedStats = append(b, '\n')
	}
	emb, err := EmbeddedSanctions()
	if err != nil {
		t.Fatal(err)
	}
	if emb.Dir != "" || emb.Source != EmbeddedSource {
		t.Errorf("embedded: dir %q source %q", emb.Dir, emb.Source)
	}
	emb.Dir, emb.Source = fromFiles.Dir, fromFiles.Source
	if !reflect.DeepEqual(emb, fromFiles) {
		t.Errorf("embedded statistics differ from the files (go test ./internal/playbook -run TestEmbeddedSanctionsStats -update):\nembedded %+v\nfiles    %+v", emb, fromFiles)
	}
	if fromFiles.TIESCases != 766 || fromFiles.MartinCases != 78 {
		t.Errorf("cases: TIES %d, Martin %d; want 766 and 78", fromFiles.TIESCases, fromFiles.MartinCases)
	}
}
