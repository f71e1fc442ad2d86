package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestTableFormats(t *testing.T) {
	tb := &Table{Columns: []string{"code", "rate"}, Numeric: []bool{false, true}}
	tb.Add("CHN", "34")
	tb.Add("VNM|x", "46")
	tests := []struct {
		f    Format
		want string
	}{
		{Text, "code   rate\n-----  ----\nCHN      34\nVNM|x    46\n"},
		{CSV, "code,rate\nCHN,34\nVNM|x,46\n"},
		{Markdown, "| code | rate |\n|---|---:|\n| CHN | 34 |\n| VNM\\|x | 46 |\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := tb.Write(&b, tt.f); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\n%q\nwant\n%q", tt.f, b.String(), tt.want)
		}
	}
}

// TestNum: a value that rounds to zero prints without a sign (benchmark
// printed "KIR Kiribati -0.00 -0.00" and "-0.0" on 43 lines), while a value
// that does not keeps it.
func TestNum(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		d    int
		want string
	}{
		{-0.001, 2, "0.00"},
		{-0.004999, 2, "0.00"},
		{-0.006, 2, "-0.01"},
		{math.Copysign(0, -1), 2, "0.00"},
		{math.Copysign(0, -1), 0, "0"},
		{-0.04, 1, "0.0"},
		{-0.4, 0, "0"},
		{-0.6, 0, "-1"},
		{-10.004, 2, "-10.00"},
		{-100, 1, "-100.0"},
		{0.001, 2, "0.00"},
		{1.5, 1, "1.5"},
		{math.NaN(), 2, "–"},
		{math.Inf(-1), 2, "-Inf"},
	} {
		if got := Num(tc.x, tc.d); got != tc.want {
			t.Errorf("Num(%v, %d) = %q, want %q", tc.x, tc.d, got, tc.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"table", "json", "csv", "md"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}

func TestWriteFileAtomicLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := WriteFileAtomic(p, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "out.json" {
		t.Fatalf("dir has %v", ents)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x"), []byte("x")); err == nil {
		t.Fatal("write into missing dir succeeded")
	}
}
