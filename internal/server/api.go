package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/store"
	"go.yaml.in/yaml/v3"
)

// RunRequest is the body of POST /api/v1/runs: a kind and exactly one of
// scenario (JSON with the scenario file's keys, DESIGN §4), scenario_yaml
// (the same as YAML text, for the UI's editor; an extension) or builtin (a
// built-in scenario's name; an extension).
type RunRequest struct {
	Kind         string          `json:"kind"`
	Scenario     json.RawMessage `json:"scenario,omitempty"`
	ScenarioYAML string          `json:"scenario_yaml,omitempty"`
	Builtin      string          `json:"builtin,omitempty"`
	// Bilateral includes every bilateral flow in a solve's result, as
	// `tradebloc solve --bilateral` does.
	Bilateral bool `json:"bilateral,omitempty"`
	// NoBands leaves the uncertainty bands out of a solve or coalition
	// run's result, as --no-bands does.
	NoBands bool `json:"no_bands,omitempty"`

	// Simulate runs take the options of `tradebloc simulate` (absent =
	// the CLI's default): the scenario needs a coalition block.
	Start     string   `json:"start,omitempty"`
	Rounds    *int     `json:"rounds,omitempty"`
	Q         *int     `json:"q,omitempty"`
	Grace     *int     `json:"grace,omitempty"`
	Speed     *float64 `json:"speed,omitempty"`
	Discount  *float64 `json:"discount,omitempty"`
	Theta     *float64 `json:"theta,omitempty"`
	Moves     []string `json:"moves,omitempty"` // CODE=ACTION[:SIZE][@ROUND], as --move
	Scripted  bool     `json:"scripted,omitempty"`
	Top       int      `json:"top,omitempty"`
	NoHistory bool     `json:"no_history,omitempty"`

	// Playbook runs: `tradebloc playbooks run PLAYBOOK --leader --target`.
	Playbook string `json:"playbook,omitempty"`
	Leader   string `json:"leader,omitempty"`
	Target   string `json:"target,omitempty"`

	// Plan runs: exactly one of builtin_plan (a built-in plan's name),
	// plan (the plan file's keys as JSON) or plan_yaml (the plan file as
	// text); draws and seed override the plan's, as --draws and --seed.
	BuiltinPlan string          `json:"builtin_plan,omitempty"`
	Plan        json.RawMessage `json:"plan,omitempty"`
	PlanYAML    string          `json:"plan_yaml,omitempty"`
	Draws       *int            `json:"draws,omitempty"`
	Seed        *int64          `json:"seed,omitempty"`

	// Data names the dataset of the run, as --data does: an embedded
	// one (world-2023, the default, or icio-2022) for every kind, or for
	// scenario runs (solve, benchmark, coalition, simulate) also a dataset
	// directory in the server's --data-dir. It replaces the scenario's
	// `data`, so a built-in runs on another dataset without being edited.
	Data string `json:"data,omitempty"`
}

// RunDoc is a run as GET /api/v1/runs/{id} returns it. Keys may be added,
// never renamed (DESIGN §4).
type RunDoc struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Scenario string          `json:"scenario"`
	Status   store.Status    `json:"status"`
	Progress float64         `json:"progress"`
	Phase    string          `json:"phase,omitempty"`
	Created  time.Time       `json:"created"`
	Updated  time.Time       `json:"updated"`
	Result   json.RawMessage `json:"result"`
	Error    *string         `json:"error"`
	Request  json.RawMessage `json:"request,omitempty"`
	// Summary is the plain-language summary `tradebloc solve` prints above
	// its tables (solve runs with a result).
	Summary string `json:"summary,omitempty"`
	// TextNotes are the notes the CLI's text output prints under its tables
	// that the result's JSON does not carry (solve: the valuation of fixed
	// deficits among the top winners and losers; benchmark: its footer).
	// Coalition runs' summary is the prose the CLI prints above its tables.
	TextNotes []string `json:"text_notes,omitempty"`
	// TableNotes are the notes the CLI's text output prints under each of
	// its tables, by the table's name (coalition runs: "stable",
	// "threats", …, the names of `coalition --table`).
	TableNotes map[string][]string `json:"table_notes,omitempty"`
	// Dataset is the name of the dataset the run was computed on
	// (world-2023, icio-2022, a --data-dir dataset), for every kind of run
	// (a simulate result names none); "" for runs stored before it was
	// recorded.
	Dataset string `json:"dataset,omitempty"`
	Links   Links  `json:"links"`
}

// Links are a run's addresses: the API document and the UI page a colleague
// can open.
type Links struct {
	Self string `json:"self"`
	UI   string `json:"ui"`
}

// RunSummary is one entry of GET /api/v1/runs (no request or result, so a
// page of runs stays small).
type RunSummary struct {
	ID       string       `json:"id"`
	Kind     string       `json:"kind"`
	Scenario string       `json:"scenario"`
	Status   store.Status `json:"status"`
	Progress float64      `json:"progress"`
	Created  time.Time    `json:"created"`
	Updated  time.Time    `json:"updated"`
	Error    *string      `json:"error"`
	// Dataset is the run's dataset, as in RunDoc ("" for runs stored
	// before it was recorded): the list tells a world-2023 run from an
	// icio-2022 one of the same scenario.
	Dataset string `json:"dataset,omitempty"`
	Links   Links  `json:"links"`
}

// RunList is the body of GET /api/v1/runs. Next is the URL of the following
// (older) page, "" on the last page.
type RunList struct {
	Runs []RunSummary `json:"runs"`
	Next string       `json:"next"`
}

func links(id string) Links { return Links{Self: "/api/v1/runs/" + id, UI: "/runs/" + id} }

func errPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Errors quote "<yaml>:3:5" as is: the body is JSON under nosniff,
	// never HTML.
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing to do
}

// writeError answers {"error": msg}, the shape of every API error.
func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

// readBody reads a request body of at most MaxBody bytes; beyond that the
// answer is 413 and it returns false.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(connWriter(w), r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
		} else {
			writeError(w, http.StatusBadRequest, "reading the request body: "+err.Error())
		}
		return nil, false
	}
	return b, true
}

// parseRequest decodes a RunRequest strictly: unknown keys are errors, as
// in scenario files, so a misspelt "scenaro" is not silently ignored.
func parseRequest(b []byte) (*RunRequest, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var req RunRequest
	if err := dec.Decode(&req); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" && te.Type != nil {
			// Not Go's "cannot unmarshal string into Go struct field
			// RunRequest.draws of type int": the client knows its keys,
			// not our types.
			return nil, fmt.Errorf("malformed request JSON: field %q: want %s, got %s", te.Field, jsonKindOf(te.Type), article(te.Value))
		}
		return nil, fmt.Errorf("malformed request JSON: %v", err)
	}
	if dec.More() {
		return nil, errors.New("malformed request JSON: more than one JSON value")
	}
	if err := duplicateKey(b); err != nil {
		return nil, fmt.Errorf("malformed request JSON: %w", err)
	}
	return &req, nil
}

// jsonKindOf names the JSON value a Go type takes, for an error message.
func jsonKindOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "an array of strings"
		}
		if t.Elem().Kind() == reflect.Uint8 { // json.RawMessage
			return "a JSON object"
		}
		return "an array"
	}
	return "an object"
}

// article puts "a"/"an" before the JSON value kind encoding/json reports
// ("string", "number 1.5", "array", "object", "bool").
func article(v string) string {
	switch {
	case v == "bool":
		return "true or false"
	case strings.HasPrefix(v, "number"):
		return "a number"
	case v == "array" || v == "object":
		return "an " + v
	}
	return "a " + v
}

// scenarioOf resolves the request's scenario; its errors are bad requests.
func scenarioOf(req *RunRequest) (*scenario.Scenario, error) {
	given := 0
	for _, ok := range []bool{len(req.Scenario) > 0 && string(req.Scenario) != "null", req.ScenarioYAML != "", req.Builtin != ""} {
		if ok {
			given++
		}
	}
	if given != 1 {
		return nil, errors.New(`give exactly one of "scenario" (JSON), "scenario_yaml" or "builtin"`)
	}
	switch {
	case req.Builtin != "":
		sc, ok := scenario.Builtin(req.Builtin)
		if !ok {
			return nil, fmt.Errorf("no built-in scenario %q (built-ins: %s)", req.Builtin, strings.Join(scenario.BuiltinNames(), ", "))
		}
		return sc, nil
	case req.ScenarioYAML != "":
		// JSON is YAML: the same strict parser takes either, and it
		// refuses `file:` keys for both; errors read <yaml>:LINE:COL.
		sc, err := scenario.ParseYAMLText([]byte(req.ScenarioYAML))
		if err == nil {
			markEdited(sc, []byte(req.ScenarioYAML))
		}
		return sc, err
	}
	var probe any
	if json.Unmarshal(req.Scenario, &probe) == nil {
		if _, ok := probe.(map[string]any); !ok {
			return nil, errors.New(`"scenario" must be a JSON object with the scenario file's keys`)
		}
	}
	sc, err := scenario.ParseJSON(req.Scenario)
	if err == nil {
		markEdited(sc, req.Scenario)
	}
	return sc, err
}

// editedSuffix marks a posted scenario that keeps a built-in's name but not
// its text.
const editedSuffix = " (edited)"

// markEdited renames a posted scenario that carries a built-in's name but
// differs from it ("liberation-day (edited)") and drops the built-in's
// description, which no longer describes it: otherwise the run list, the
// summary and /compare would present an edited scenario as the built-in.
// posted is the scenario as posted, YAML or JSON; it is compared with the
// built-in's source as data, so that comments, layout, the JSON form of
// the same scenario and its `data` key do not count as edits.
func markEdited(sc *scenario.Scenario, posted []byte) {
	src, ok := scenario.BuiltinSource(sc.Name)
	if !ok {
		return
	}
	var a, b map[string]any
	if yaml.Unmarshal(posted, &a) == nil && yaml.Unmarshal(src, &b) == nil {
		// The dataset is not the scenario: a built-in moved to icio-2022
		// by its `data:` key alone is still that built-in (the run
		// records its dataset), as with the request's "data".
		delete(a, "data")
		delete(b, "data")
		if reflect.DeepEqual(a, b) {
			return
		}
	}
	sc.Name += editedSuffix
	sc.Description = ""
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// maxEcho is the most of a client's ID, path or parameter an error message
// repeats, quoted: a run ID is at most 64 characters, and a 5,000-character
// one need not come back whole.
const maxEcho = 64

// quoteID quotes a client's ID (or path, or parameter) for an error
// message: at most maxEcho characters between the quotes (escapes
// included), cut at a character boundary and then marked with "…" and the
// length.
func quoteID(id string) string {
	if q := strconv.Quote(id); len(q) <= maxEcho+2 {
		return q
	}
	q := `""`
	for i := range id {
		if i == 0 {
			continue
		}
		next := strconv.Quote(id[:i])
		if len(next) > maxEcho+2 {
			break
		}
		q = next
	}
	return q + fmt.Sprintf("… (%d bytes)", len(id))
}

// validID keeps junk out of database queries and logs.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// jsonBody answers 415 to a request whose body is declared as something
// that cannot be a JSON text, and reports whether the handler should go
// on. The body is read as JSON whatever type declares it among those that
// can carry one: none (a script's), application/json, any +json type,
// text/json, text/plain, and application/x-www-form-urlencoded — what
// plain `curl -d` sends, so the API's curl one-liners work without -H.
// Accepting the types a page of another site can post without a preflight
// is safe because such a post is refused by the cross-origin check before
// it gets here (routes.go, TestCrossSitePostsRefused), and the body is
// validated strictly either way. A charset other than UTF-8 (or its ASCII
// subset) is refused too: the body is read as UTF-8.
func jsonBody(w http.ResponseWriter, r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && jsonCarrier(mt) {
		switch strings.ToLower(params["charset"]) {
		case "", "utf-8", "utf8", "us-ascii":
			return true
		}
	}
	writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %s: the body is a JSON object in UTF-8: send it as application/json (curl: -H 'Content-Type: application/json'), text/plain, a form type (plain curl -d) or without a Content-Type", quoteID(ct)))
	return false
}

// jsonCarrier reports whether a body of media type mt (lower case, without
// parameters) can be a JSON text: a JSON type, or a text or form type a
// client sends a JSON text as. Multipart, binary and image types, XML and
// the rest cannot.
func jsonCarrier(mt string) bool {
	switch mt {
	case "application/json", "text/json", "text/plain", "application/x-www-form-urlencoded":
		return true
	}
	return strings.HasSuffix(mt, "+json") && !strings.HasPrefix(mt, "multipart/")
}

// notJSONHint is added to the error of a request body that is not JSON
// at all: a form body (curl -d kind=solve) is read as JSON whatever its
// Content-Type says, and the parser's "invalid character 'k'" does not say
// so.
const notJSONHint = " (the body must be a JSON object, whatever its Content-Type: curl -d '{\"kind\": \"solve\", …}')"

// utf8BOM is the byte-order mark some editors put before a file's text;
// the files tradebloc reads accept it, and so does the API.
var utf8BOM = []byte("\xef\xbb\xbf")

func (s *Server) handleCreateRun(w http.ResponseWriter, r *http.Request) {
	if !jsonBody(w, r) {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	body = bytes.TrimPrefix(body, utf8BOM)
	req, err := parseRequest(body)
	if err != nil {
		msg := err.Error()
		if !json.Valid(body) && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
			msg += notJSONHint
		}
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	if req.Kind == "" {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(`"kind" is required: one of %s`, strings.Join(Kinds, ", ")))
		return
	}
	if !validKind(req.Kind) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown kind %q: want one of %s", req.Kind, strings.Join(Kinds, ", ")))
		return
	}
	if err := misplaced(req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	j, name, err := s.prepare(req)
	if err != nil {
		writeError(w, statusOf(err), s.scrub(err.Error()))
		return
	}
	j.id = newID()
	run := &store.Run{ID: j.id, Kind: req.Kind, Scenario: name, Request: compactJSON(body)}
	switch err := s.submit(r.Context(), j, run); {
	case errors.Is(err, errQueueFull):
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, err.Error())
		return
	case errors.Is(err, errShutdown):
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusServiceUnavailable, "the server is shutting down")
		return
	case err != nil:
		s.log.Error("creating a run", "err", err)
		writeError(w, http.StatusInternalServerError, "could not store the run")
		return
	}
	w.Header().Set("Location", links(j.id).Self)
	writeJSON(w, http.StatusCreated, map[string]any{"id": j.id, "status": store.Queued, "links": links(j.id)})
}

// compactJSON stores the request without its whitespace (it is valid JSON:
// parseRequest accepted it).
func compactJSON(b []byte) json.RawMessage {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return json.RawMessage(b)
	}
	return out.Bytes()
}

func validKind(k string) bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// statusOf maps an error to an HTTP status: bad input 400, else 500.
func statusOf(err error) int {
	var br *badRequest
	if errs.IsInvalid(err) || errors.As(err, &br) {
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

func (s *Server) handleGetRun(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	run, ok := s.headRun(w, r.Context(), id)
	if !ok {
		return
	}
	doc := RunDoc{
		ID: run.ID, Kind: run.Kind, Scenario: run.Scenario, Status: run.Status, Progress: run.Progress,
		Created: run.Created.UTC(), Updated: run.Updated.UTC(), Error: errPtr(run.Error),
		Request: run.Request, Links: links(run.ID),
	}
	var packed string
	packed, doc.Dataset, _ = strings.Cut(run.Summary, datasetMark)
	doc.Summary, doc.TextNotes, doc.TableNotes = unpackSummary(packed)
	// The store is written twice a second at most; a run active here has
	// fresher progress in memory.
	if j := s.lookup(id); j != nil && !run.Status.Finished() {
		if p := j.getProgress(); p > doc.Progress {
			doc.Progress = p
		}
		if ph, _ := j.phase.Load().(string); ph != "" {
			doc.Phase = ph
		}
	}
	s.writeRunDoc(w, r, &doc, run.ResultSize)
}

// resultKey is where "result" sits in an indented RunDoc: at the top level,
// after fields that hold no object, so this text cannot occur before it
// (a string value would have its quotes escaped).
const resultKey = "\n  \"result\": null"

// writeRunDoc writes a run document, streaming the stored result into it
// part by part rather than loading and re-indenting it: 200 clients
// reading a 5 MB result must not cost 200 copies of it.
func (s *Server) writeRunDoc(w http.ResponseWriter, r *http.Request, doc *RunDoc, resultSize int64) {
	var env bytes.Buffer
	enc := json.NewEncoder(&env)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		writeError(w, http.StatusInternalServerError, "could not encode the run")
		return
	}
	b := env.Bytes()
	k := bytes.Index(b, []byte(resultKey))
	if resultSize < 0 || k < 0 {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(b)
		return
	}
	head, tail := b[:k+len(resultKey)-len("null")], b[k+len(resultKey):]
	// The status line and the document's head go out with the result's
	// first bytes, not before: a run deleted between reading its status
	// and its result is then still a clean 404. Once the store has found
	// the result it writes all of it, even if the run is deleted meanwhile.
	lw := &lazyHead{w: w, head: head, size: int64(len(head)) + resultSize + int64(len(tail))}
	n, err := s.store.WriteResult(r.Context(), doc.ID, lw)
	if err == nil && n != resultSize {
		err = fmt.Errorf("result of %d bytes, %d written", resultSize, n)
	}
	switch {
	case err != nil && !lw.started && errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "no run "+quoteID(doc.ID)+" (deleted meanwhile)")
		return
	case err != nil && !lw.started:
		s.log.Error("reading a run's result", "run", doc.ID, "err", err)
		writeError(w, http.StatusInternalServerError, "could not read the run's result")
		return
	case err != nil:
		// The status line is sent: abort the connection, so the client
		// sees a failed transfer rather than a truncated document.
		if r.Context().Err() == nil {
			s.log.Error("streaming a run's result", "run", doc.ID, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
	if _, err := lw.Write(nil); err != nil { // an empty result: the head is still due
		return
	}
	_, _ = w.Write(tail)
}

// lazyHead sends the response's headers and the run document's head before
// the first bytes of the result written through it.
type lazyHead struct {
	w       http.ResponseWriter
	head    []byte
	size    int64 // the whole document's length
	started bool
}

func (l *lazyHead) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.w.Header().Set("Content-Type", "application/json; charset=utf-8")
		l.w.Header().Set("Content-Length", strconv.FormatInt(l.size, 10))
		l.w.WriteHeader(http.StatusOK)
		if _, err := l.w.Write(l.head); err != nil {
			return 0, err
		}
	}
	if len(p) == 0 {
		return 0, nil
	}
	return l.w.Write(p)
}

// headRun reads a run without its result, answering 404 or 500 itself.
func (s *Server) headRun(w http.ResponseWriter, ctx context.Context, id string) (*store.Run, bool) {
	if !validID(id) {
		writeError(w, http.StatusNotFound, "no run "+quoteID(id))
		return nil, false
	}
	run, err := s.store.Head(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no run "+quoteID(id))
		return nil, false
	}
	if err != nil {
		s.log.Error("reading a run", "run", id, "err", err)
		writeError(w, http.StatusInternalServerError, "could not read the run")
		return nil, false
	}
	return run, true
}

// MaxPage is the largest page of GET /api/v1/runs.
const MaxPage = 200

// knownQuery answers 400 if a request has a query parameter other than
// those named, or one of them twice: a misspelt "limt=5" is an error, not
// silently the default.
func knownQuery(w http.ResponseWriter, r *http.Request, known ...string) bool {
	// Not r.URL.Query(), which drops a pair it cannot read ("limit=5;x",
	// "limt%zz=5") without a word.
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("malformed query string: %v", err))
		return false
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	takes := "takes none"
	if len(known) > 0 {
		takes = "takes " + strings.Join(known, ", ")
	}
	for _, k := range keys {
		switch {
		case !contains(known, k):
			writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown query parameter %s (GET %s %s; see /api/v1/openapi.json)", quoteID(k), r.URL.Path, takes))
			return false
		case len(q[k]) > 1:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("query parameter %s given twice", quoteID(k)))
			return false
		}
	}
	return true
}

func (s *Server) handleListRuns(w http.ResponseWriter, r *http.Request) {
	if !knownQuery(w, r, "limit", "before") {
		return
	}
	q := r.URL.Query()
	limit, before := 50, int64(0)
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPage {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("limit: want an integer from 1 to %d", MaxPage))
			return
		}
		limit = n
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "before: want the cursor from a previous page's next link")
			return
		}
		before = n
	}
	// One more than asked tells whether there is a next page.
	runs, err := s.store.List(r.Context(), store.ListOptions{Limit: limit + 1, Before: before})
	if err != nil {
		s.log.Error("listing runs", "err", err)
		writeError(w, http.StatusInternalServerError, "could not list runs")
		return
	}
	out := RunList{Runs: []RunSummary{}}
	for i, run := range runs {
		if i == limit {
			out.Next = fmt.Sprintf("/api/v1/runs?limit=%d&before=%d", limit, runs[i-1].Seq)
			break
		}
		sum := RunSummary{ID: run.ID, Kind: run.Kind, Scenario: run.Scenario, Status: run.Status, Progress: run.Progress,
			Created: run.Created.UTC(), Updated: run.Updated.UTC(), Error: errPtr(run.Error), Links: links(run.ID)}
		_, sum.Dataset, _ = strings.Cut(run.Summary, datasetMark)
		if j := s.lookup(run.ID); j != nil && !run.Status.Finished() {
			sum.Progress = max(sum.Progress, j.getProgress())
		}
		out.Runs = append(out.Runs, sum)
	}
	writeJSON(w, http.StatusOK, out)
}

// handleCancel cancels a queued or running run: 200 with the run (status
// cancelled), 404 for an unknown one, 409 for one already finished.
func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	run, ok := s.headRun(w, r.Context(), id)
	if !ok {
		return
	}
	if run.Status.Finished() || !s.cancelRun(id) {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %s has already finished (%s)", id, run.Status))
		return
	}
	s.handleGetRun(w, r)
}

// handleDelete deletes a run and its result (cancelling it first if it is
// queued or running): 204, or 404 for an unknown run.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, ok := s.headRun(w, r.Context(), id); !ok {
		return
	}
	s.cancelRun(id)
	switch err := s.store.Delete(r.Context(), id); {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "no run "+quoteID(id))
	case err != nil:
		s.log.Error("deleting a run", "run", id, "err", err)
		writeError(w, http.StatusInternalServerError, "could not delete the run")
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// ScenarioInfo is one built-in scenario in GET /api/v1/scenarios.
type ScenarioInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
	Kind        string `json:"kind"` // the kind of run it is made for: solve or coalition
	YAML        string `json:"yaml"`
}

func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	if !knownQuery(w, r) {
		return
	}
	list := []ScenarioInfo{}
	for _, sc := range scenario.Builtins() {
		src, _ := scenario.BuiltinSource(sc.Name)
		kind := KindSolve
		if sc.Coalition != nil {
			kind = KindCoalition
		}
		list = append(list, ScenarioInfo{Name: sc.Name, Description: sc.Description, Source: sc.Source, Kind: kind, YAML: string(src)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": list, "kinds": Kinds})
}

// handleHealth reports the pool and the store: 200 when the store answers
// a ping, 503 when it does not (a load balancer then stops sending work).
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	q, running := s.counts()
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	code, status, st := http.StatusOK, "ok", "ok"
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("health check: the run store does not answer", "err", err)
		code, status, st = http.StatusServiceUnavailable, "unavailable", "error: "+s.scrub(err.Error())
	}
	writeJSON(w, code, map[string]any{
		"status": status, "store": st, "version": s.cfg.Version, "workers": s.cfg.Workers,
		"queued": q, "running": running, "queue_capacity": s.cfg.Queue,
	})
}

// textOf is what the CLI's text output of a result says that its JSON does
// not: the prose above its tables (summary), the notes under them, and the
// notes under each table by its name. They are worked out once, when the
// run finishes, and stored with it (packed by packSummary), so that showing
// a run never parses its result. target and fallback are a solve's
// SolveDoc.Target and TariffFallback, which its JSON does not carry.
func textOf(kind string, result json.RawMessage, target string, fallback *data.TariffFallback) (summary string, notes []string, tables map[string][]string) {
	switch kind {
	case KindSolve:
		var d report.SolveDoc
		if json.Unmarshal(result, &d) != nil {
			return "", nil, nil
		}
		// The surplus economy shown beside the leader is not in the JSON:
		// without it the summary would lose the line the CLI prints for
		// China, and its band.
		d.Target = target
		// The stand-in rate and how it was made (3.66%, the median …):
		// without it the note names the rows but not the rate.
		d.TariffFallback = fallback
		unit := (&data.Dataset{Unit: d.Provenance.Unit}).UnitMillions()
		// The CLI's tables show the top 5 winners and losers.
		// The notes under those tables the UI cannot derive: the
		// valuation of fixed deficits, the stand-in baseline tariffs
		// (TWN's 3.66% on world-2023) and the balances far from Census.
		for _, n := range []string{d.WinnersValuationNote(5), d.FallbackTariffNote(5), d.CensusNote(unit)} {
			if n != "" {
				notes = append(notes, n)
			}
		}
		return d.Summary(unit), notes, nil
	case KindBenchmark:
		var rep benchmark.Report
		if json.Unmarshal(result, &rep) != nil {
			return "", nil, nil
		}
		var b strings.Builder
		if rep.Write(&b, report.NotesOnly, (&data.Dataset{Unit: rep.Unit}).UnitMillions()) != nil {
			return "", nil, nil
		}
		return "", strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n"), nil
	case KindCoalition:
		var rep coalition.Report
		if json.Unmarshal(result, &rep) != nil {
			return "", nil, nil
		}
		for _, sec := range rep.Sections() {
			if sec.Text != nil && len(sec.Text.Notes) > 0 {
				if tables == nil {
					tables = map[string][]string{}
				}
				tables[sec.Name] = sec.Text.Notes
			}
		}
		return strings.TrimSuffix(rep.Headline(), "\n"), nil, tables
	}
	return "", nil, nil
}

// notesMark separates the stored summary from the notes packed after it,
// and tablesMark the notes from the table notes (JSON) after them: record
// and group separators, which no sentence of a report contains.
const (
	notesMark  = "\n\x1e\n"
	tablesMark = "\n\x1d\n"
)

// datasetMark separates the dataset's name, stored after the packed
// summary (the file separator, which no name or sentence contains).
const datasetMark = "\n\x1c\n"

// packSummary stores a summary, notes and table notes in the store's one
// summary field.
func packSummary(summary string, notes []string, tables map[string][]string) string {
	if len(notes) == 0 && len(tables) == 0 {
		return summary
	}
	s := summary + notesMark + strings.Join(notes, "\n")
	if len(tables) > 0 {
		b, _ := json.Marshal(tables) // strings only: cannot fail
		s += tablesMark + string(b)
	}
	return s
}

// unpackSummary undoes packSummary; a summary stored without notes (every
// run before they were stored) is all summary.
func unpackSummary(s string) (summary string, notes []string, tables map[string][]string) {
	summary, rest, ok := strings.Cut(s, notesMark)
	if !ok {
		return summary, nil, nil
	}
	rest, tj, _ := strings.Cut(rest, tablesMark)
	if rest != "" {
		notes = strings.Split(rest, "\n")
	}
	if tj != "" && json.Unmarshal([]byte(tj), &tables) != nil {
		tables = nil
	}
	return summary, notes, tables
}
