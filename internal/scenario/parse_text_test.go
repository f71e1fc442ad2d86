package scenario

import (
	"strings"
	"testing"
)

func TestParseYAMLText(t *testing.T) {
	sc, err := ParseYAMLText([]byte("shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "" || sc.File != "" || sc.Dir != "" || len(sc.Shocks) != 1 {
		t.Errorf("parsed: name %q file %q dir %q, %d shocks", sc.Name, sc.File, sc.Dir, len(sc.Shocks))
	}
	for src, want := range map[string]string{
		"name: x\nshocks:\n  - tarif: {importer: USA}\n": "<yaml>:3:",
		"name: [unclosed": "<yaml>:1",
		"shocks:\n  - tariff: {importer: USA, file: /etc/passwd}\n":                         "file references are not allowed",
		"name: x\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1}\nfoo: 1\n": "<yaml>:4:1",
	} {
		_, err := ParseYAMLText([]byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", src, err, want)
		}
	}
}
