package data

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// metaFile is the name of a dataset's optional description file.
const metaFile = "dataset.yaml"

// MinYear and MaxYear bound a year in dataset.yaml and current_account.csv:
// wide enough for historical trade data and projections, narrow enough to
// catch a sign slip (-2020) or a date typed as a year (20230101).
const (
	MinYear = 1800
	MaxYear = 2200
)

// DefaultUnit is the unit of a dataset without dataset.yaml or without a
// unit key.
const DefaultUnit = "USD million"

// Units lists the units a dataset may declare.
var Units = []string{"USD", "USD thousand", "USD million", "USD billion"}

// meta is the content of dataset.yaml, in the key order Export writes.
type meta struct {
	Name        string   `yaml:"name,omitempty"`
	Version     int      `yaml:"version,omitempty"`
	Year        int      `yaml:"year,omitempty"`
	Unit        string   `yaml:"unit"`
	Description string   `yaml:"description,omitempty"`
	Sources     []string `yaml:"sources,omitempty"`
	Licence     string   `yaml:"licence,omitempty"`
	Coverage    string   `yaml:"coverage,omitempty"`
	// USRecordInBaseline: Dataset.USRecordInBaseline.
	USRecordInBaseline string `yaml:"us_record_in_baseline,omitempty"`
	// TariffFallback: Dataset.TariffFallback.
	TariffFallback *tariffFallbackMeta `yaml:"tariff_fallback,omitempty"`
}

// tariffFallbackMeta is dataset.yaml's tariff_fallback, in the key order
// Export writes: the importers last, as they are the long part.
type tariffFallbackMeta struct {
	Pct       float64  `yaml:"pct"`
	Method    string   `yaml:"method,omitempty"`
	Note      string   `yaml:"note,omitempty"`
	Importers []string `yaml:"importers,flow"`
	// lines holds each importer's line, for the check against
	// countries.csv, which is read after dataset.yaml.
	lines []int
}

// metaKeys are dataset.yaml's keys, for the messages that list them.
const metaKeys = "name, version, year, unit, description, sources, licence, coverage, us_record_in_baseline or tariff_fallback"

// The values of dataset.yaml's coverage key: what trade.csv's flows
// cover, and so what a trade balance computed from them means.
const (
	CoverageGoods    = "goods"
	CoverageServices = "goods and services"
)

// parseMeta reads dataset.yaml by walking the YAML node tree rather than
// decoding into a struct, so that an unknown key or a bad value is reported
// with its own line.
func parseMeta(b []byte) (meta, error) {
	m := meta{Unit: DefaultUnit}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF { // empty file, or comments only: all defaults
			return m, nil
		}
		return m, &errs.Error{Kind: errs.Invalid, File: metaFile, Line: yamlErrorLine(err), Err: err}
	}
	// A second document would be ignored in silence, and with it whatever
	// keys it sets; the scenario parser refuses one the same way.
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		if err != nil {
			return m, &errs.Error{Kind: errs.Invalid, File: metaFile, Line: yamlErrorLine(err), Err: err}
		}
		return m, errs.Invalidf(metaFile, more.Line, "", "more than one YAML document (a \"---\" line): dataset.yaml holds one")
	}
	if len(doc.Content) == 0 {
		return m, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return m, errs.Invalidf(metaFile, root.Line, "", "want a mapping of keys (%s)", strings.Replace(metaKeys, " or ", ", ", 1))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return m, errs.Invalidf(metaFile, k.Line, k.Value, "key given twice")
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "name":
			m.Name, err = scalar(k.Value, v)
		case "description":
			m.Description, err = scalar(k.Value, v)
		case "licence", "license":
			m.Licence, err = scalar(k.Value, v)
		case "unit":
			m.Unit, err = scalar(k.Value, v)
			if err == nil && !validUnit(m.Unit) {
				err = errs.Invalidf(metaFile, v.Line, "unit", "unknown unit %s (want USD, USD thousand, USD million or USD billion)", Quote(m.Unit))
			}
		case "year":
			var s string
			if s, err = scalar(k.Value, v); err == nil {
				if m.Year, err = strconv.Atoi(s); err != nil {
					err = errs.Invalidf(metaFile, v.Line, "year", "not a whole year: %s", Quote(s))
				} else if m.Year < MinYear || m.Year > MaxYear {
					err = errs.Invalidf(metaFile, v.Line, "year", "year %d outside %d–%d", m.Year, MinYear, MaxYear)
				}
			}
		case "version":
			var s string
			if s, err = scalar(k.Value, v); err == nil {
				if m.Version, err = strconv.Atoi(s); err != nil || m.Version < 0 {
					err = errs.Invalidf(metaFile, v.Line, "version", "want a whole number ≥ 0, got %s", Quote(s))
				}
			}
		case "sources":
			m.Sources, err = stringList(k.Value, v)
		case "coverage":
			m.Coverage, err = scalar(k.Value, v)
			if err == nil && m.Coverage != CoverageGoods && m.Coverage != CoverageServices {
				err = errs.Invalidf(metaFile, v.Line, "coverage", "unknown coverage %s (want %q or %q)", Quote(m.Coverage), CoverageGoods, CoverageServices)
			}
		case "us_record_in_baseline":
			m.USRecordInBaseline, err = scalar(k.Value, v)
			if _, perr := time.Parse(time.DateOnly, m.USRecordInBaseline); err == nil && perr != nil {
				err = errs.Invalidf(metaFile, v.Line, "us_record_in_baseline", "want a date YYYY-MM-DD, got %s", Quote(m.USRecordInBaseline))
			}
		case "tariff_fallback":
			m.TariffFallback, err = parseTariffFallback(v)
		default:
			err = errs.Invalidf(metaFile, k.Line, k.Value, "unknown key (want %s)", metaKeys)
		}
		if err != nil {
			return m, err
		}
	}
	return m, nil
}

// parseTariffFallback reads tariff_fallback: a mapping of pct (the
// stand-in rate in percent, ≥ 0; a "%" sign is allowed), method and note
// (text, optional) and importers (a list of distinct codes, at least one;
// loadMeta's caller checks them against countries.csv). Errors name the
// field as tariff_fallback.<key>.
func parseTariffFallback(v *yaml.Node) (*tariffFallbackMeta, error) {
	const keys = "pct, method, note or importers"
	if v.Kind != yaml.MappingNode {
		return nil, errs.Invalidf(metaFile, v.Line, "tariff_fallback", "want a mapping of keys (%s)", keys)
	}
	tf := &tariffFallbackMeta{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		field := "tariff_fallback." + k.Value
		if seen[k.Value] {
			return nil, errs.Invalidf(metaFile, k.Line, field, "key given twice")
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "pct":
			var s string
			if s, err = scalar(field, x); err != nil {
				break
			}
			t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
			p, perr := strconv.ParseFloat(t, 64)
			if perr != nil || math.IsNaN(p) || math.IsInf(p, 0) || p < 0 {
				return nil, errs.Invalidf(metaFile, x.Line, field, "want a rate in percent ≥ 0 (3.66 for 3.66%%), got %s", Quote(s))
			}
			tf.Pct = p
		case "method":
			tf.Method, err = scalar(field, x)
		case "note":
			tf.Note, err = scalar(field, x)
		case "importers":
			if x.Kind != yaml.SequenceNode || len(x.Content) == 0 {
				return nil, errs.Invalidf(metaFile, x.Line, field, "want a list of at least one country code")
			}
			for _, e := range x.Content {
				if e.Kind != yaml.ScalarNode || e.Value == "" {
					return nil, errs.Invalidf(metaFile, e.Line, field, "want a list of country codes")
				}
				if slices.Contains(tf.Importers, e.Value) {
					return nil, errs.Invalidf(metaFile, e.Line, field, "%s listed twice", Quote(e.Value))
				}
				tf.Importers = append(tf.Importers, e.Value)
				tf.lines = append(tf.lines, e.Line)
			}
		default:
			err = errs.Invalidf(metaFile, k.Line, field, "unknown key (want %s)", keys)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, req := range []string{"pct", "importers"} {
		if !seen[req] {
			return nil, errs.Invalidf(metaFile, v.Line, "tariff_fallback", "missing key %s", req)
		}
	}
	return tf, nil
}

func validUnit(u string) bool {
	for _, x := range Units {
		if u == x {
			return true
		}
	}
	return false
}

func scalar(key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", errs.Invalidf(metaFile, v.Line, key, "want a single value")
	}
	return v.Value, nil
}

// stringList accepts a list of strings or a single string.
func stringList(key string, v *yaml.Node) ([]string, error) {
	if v.Kind == yaml.ScalarNode {
		if v.Value == "" {
			return nil, nil
		}
		return []string{v.Value}, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, errs.Invalidf(metaFile, v.Line, key, "want a list of strings")
	}
	var out []string
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode {
			return nil, errs.Invalidf(metaFile, e.Line, key, "want a list of strings")
		}
		out = append(out, e.Value)
	}
	return out, nil
}

// yamlErrorLine extracts the line from a yaml.v3 syntax error ("yaml: line
// 3: …"); 0 when there is none.
func yamlErrorLine(err error) int {
	var line int
	if _, e := fmt.Sscanf(err.Error(), "yaml: line %d:", &line); e == nil {
		return line
	}
	return 0
}

// encodeMeta writes dataset.yaml for d.
func encodeMeta(d *Dataset) ([]byte, error) {
	unit := d.Unit
	if unit == "" {
		unit = DefaultUnit
	}
	m := meta{Name: d.Name, Version: d.Version, Year: d.Year, Unit: unit, Description: d.Description, Sources: d.Sources, Licence: d.Licence, Coverage: d.Coverage, USRecordInBaseline: d.USRecordInBaseline}
	if tf := d.TariffFallback; len(tf.Importers) > 0 { // no importers: nothing to record, and the key would not load
		m.TariffFallback = &tariffFallbackMeta{Pct: tf.Pct, Method: tf.Method, Note: tf.Note, Importers: tf.Importers}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
