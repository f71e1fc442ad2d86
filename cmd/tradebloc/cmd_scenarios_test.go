package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestScenariosTextCut: the text table cuts each description and source to
// 100 characters (the built-ins' run to 700), ending a cut one with an
// ellipsis at a word boundary; JSON keeps them whole.
func TestScenariosTextCut(t *testing.T) {
	out, err := runCLI(t, "scenarios")
	if err != nil {
		t.Fatal(err)
	}
	js, err := runCLI(t, "scenarios", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenarios []struct{ Name, Description, Source string }
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	long := 0
	for _, s := range doc.Scenarios {
		if utf8.RuneCountInString(s.Description) > maxDescriptionText {
			long++
		}
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, s.Name+" ") {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("%s: no row in the text table:\n%s", s.Name, out)
		}
		// name column + two description/source columns of ≤ 100 and the gaps.
		if n := utf8.RuneCountInString(strings.TrimRight(line, " ")); n > 40+2*(maxDescriptionText+2) {
			t.Errorf("%s: a text row of %d characters: %q", s.Name, n, line)
		}
	}
	if long == 0 {
		t.Fatal("no built-in description is longer than the cut: the test tests nothing")
	}
	if !strings.Contains(js, "Annex II's exemptions") {
		t.Errorf("JSON does not keep the descriptions whole")
	}
}

// TestShortDescription: a first sentence that fits is kept whole; else the
// text is cut at the last space before the limit, without a dangling comma.
func TestShortDescription(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Short.", "Short."},
		{"First sentence. Then a second one that is longer than the limit.", "First…"},
		{"one two three, four five six seven", "one two…"},
		{"abcdefghijklmnopqrstuvwxyz", "abcdefghi…"},
	} {
		if got := shortDescription(tc.in, 10); got != tc.want {
			t.Errorf("shortDescription(%q, 10) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := shortDescription("First sentence. Then a second one.", 20); got != "First sentence." {
		t.Errorf("first sentence: %q", got)
	}
	if got := shortDescription("one two three, four five six seven", 16); got != "one two three…" {
		t.Errorf("trailing comma: %q", got)
	}
}
