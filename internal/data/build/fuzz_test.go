package build

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// FuzzParseSource feeds arbitrary bytes as a compiled table (the BACI
// layout): parsing and reading every declared column never panics; an
// error is bad input naming the file, in a message of bounded length; a
// table that parses gives every row the header's width, and num never
// returns a value that is not finite.
func FuzzParseSource(f *testing.F) {
	f.Add([]byte("exporter_iso3,importer_iso3,value_usd_mn,year,source\nABW,ARE,0.405024,2023,BACI\n"))
	f.Add([]byte("\xef\xbb\xbfvalue_usd_mn,importer_iso3,exporter_iso3\r\n1e308,B,A\r\n-0,A,B\r\n"))
	f.Add([]byte("exporter_iso3,importer_iso3,value_usd_mn\nA,\"B\nC\",NaN\n"))
	f.Add([]byte("exporter_iso3,importer_iso3\nA,B\n"))
	f.Add([]byte("exporter_iso3,importer_iso3,value_usd_mn,value_usd_mn\nA,B,1,x\n"))
	f.Add([]byte(""))
	f.Add([]byte("iso3,exporter_iso3,importer_iso3,value_usd_mn,source\r\nTWN,A,B,,\"Customs basis (MOF, R.O.C.): exports 432.48, imports 351.62\"\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		required := []string{"exporter_iso3", "importer_iso3", "value_usd_mn"}
		s, err := parseSource("in.csv", b, required, "source")
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || !strings.HasPrefix(err.Error(), "in.csv") {
				t.Fatalf("error %v: want bad input naming the file", err)
			}
			if len(err.Error()) > 500 {
				t.Fatalf("message of %d bytes", len(err.Error()))
			}
			return
		}
		if len(s.rows) == 0 || len(s.lines) != len(s.rows) {
			t.Fatalf("%d rows, %d lines", len(s.rows), len(s.lines))
		}
		for k, r := range s.rows {
			for _, c := range append(required, "source") {
				s.get(r, c)
			}
			x, _, err := s.num(k, "value_usd_mn")
			if err != nil {
				if errs.ExitCode(err) != 2 || len(err.Error()) > 500 || s.lines[k] < 2 {
					t.Fatalf("row %d: error %v", k, err)
				}
				continue
			}
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("row %d: value %v", k, x)
			}
		}
	})
}
