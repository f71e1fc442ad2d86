package server

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/plan"
	"github.com/tradebloc/tradebloc/internal/playbook"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// The analyses over time and under uncertainty (issue 7): each kind's result
// is the JSON document of the CLI command of that name.
const (
	KindSimulate = "simulate" // tradebloc simulate SCENARIO
	KindPlaybook = "playbook" // tradebloc playbooks run NAME --leader --target
	KindPlan     = "plan"     // tradebloc plan PLAN
)

// badRequest marks an error in the request itself (400).
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return &badRequest{fmt.Sprintf(format, args...)} }

// scenarioKinds are the kinds of run that take a scenario.
var scenarioKinds = []string{KindSolve, KindBenchmark, KindCoalition, KindSimulate}

// misplaced refuses a request key that belongs to another kind of run, so
// that "draws" on a simulate run is an error rather than silently ignored.
func misplaced(req *RunRequest) error {
	sim, pb, pl := []string{KindSimulate}, []string{KindPlaybook}, []string{KindPlan}
	for _, f := range []struct {
		key   string
		set   bool
		kinds []string
	}{
		{"scenario", len(req.Scenario) > 0 && string(req.Scenario) != "null", scenarioKinds},
		{"scenario_yaml", req.ScenarioYAML != "", scenarioKinds},
		{"builtin", req.Builtin != "", scenarioKinds},
		{"bilateral", req.Bilateral, []string{KindSolve}},
		{"no_bands", req.NoBands, []string{KindSolve, KindCoalition}},
		{"start", req.Start != "", []string{KindSimulate, KindPlan}}, {"rounds", req.Rounds != nil, sim}, {"q", req.Q != nil, sim},
		{"grace", req.Grace != nil, sim}, {"speed", req.Speed != nil, sim}, {"discount", req.Discount != nil, sim},
		{"theta", req.Theta != nil, sim}, {"moves", len(req.Moves) > 0, sim}, {"scripted", req.Scripted, sim},
		{"top", req.Top != 0, sim}, {"no_history", req.NoHistory, sim},
		{"playbook", req.Playbook != "", pb}, {"leader", req.Leader != "", []string{KindBenchmark, KindPlaybook}}, {"target", req.Target != "", pb},
		{"builtin_plan", req.BuiltinPlan != "", pl}, {"plan", len(req.Plan) > 0 && string(req.Plan) != "null", pl},
		{"plan_yaml", req.PlanYAML != "", pl}, {"draws", req.Draws != nil, pl}, {"seed", req.Seed != nil, pl},
		{"data", req.Data != "", []string{KindSolve, KindBenchmark, KindCoalition, KindSimulate, KindPlaybook, KindPlan}},
	} {
		if f.set && !contains(f.kinds, req.Kind) {
			return badf("%q applies to %s runs only, not to %s runs", f.key, strings.Join(f.kinds, ", "), req.Kind)
		}
	}
	return nil
}

// requestData is the embedded dataset a playbook or plan run names ("" =
// the default world-2023); such a run may not name a directory.
func requestData(name string) (*data.Dataset, error) {
	d, ok, err := data.Embedded(name)
	if !ok {
		return nil, badf(`"data": unknown embedded dataset %q (want %s)`, name, data.EmbeddedNameList())
	}
	return d, err
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// prepare validates a request completely — everything short of the
// computation — and returns the job to queue and the name the run list
// shows. Its errors are bad requests (400) but for a failing server.
func (s *Server) prepare(req *RunRequest) (*job, string, error) {
	switch req.Kind {
	case KindPlaybook:
		return s.preparePlaybook(req)
	case KindPlan:
		return s.preparePlan(req)
	}
	sc, err := scenarioOf(req)
	if err != nil {
		return nil, "", &badRequest{err.Error()}
	}
	if req.Data != "" {
		// As the CLI's --data: the request's dataset replaces the
		// scenario's, so a built-in runs on icio-2022 unedited.
		sc.Data = req.Data
	}
	if sc.Name == "" {
		// A posted scenario has no file to be named after: name it by the
		// kind of run, so that the run list and the report never show "".
		sc.Name = "unnamed " + req.Kind + " scenario"
	}
	if (req.Kind == KindCoalition || req.Kind == KindSimulate) && sc.Coalition == nil {
		return nil, "", badf("a %s run needs a scenario with a coalition: block (see the built-in coalition-of-the-compelled)", req.Kind)
	}
	ds, err := s.dataset(sc)
	if err != nil {
		return nil, "", err
	}
	if err := validate(sc, ds); err != nil {
		return nil, "", err
	}
	if req.Kind == KindCoalition {
		// Checked now, not after the run has waited in the queue.
		rc, err := sc.Coalition.Resolve(ds)
		if err != nil {
			return nil, "", err
		}
		if k := len(rc.Candidates); k > coalition.MaxExhaustive {
			return nil, "", badf("coalition: %d candidates need %s solves; a run is limited to %d candidates — name fewer, group some (e.g. EU27 as one player) or use candidates: {top: 12}",
				k, coalition.SolveCount(k), coalition.MaxExhaustive)
		}
	}
	if req.Kind == KindBenchmark {
		// As `tradebloc benchmark --leader`, checked now rather than after
		// the run has waited in the queue: a leader named must be a
		// country of the dataset, and on a dataset without USA, the CLI's
		// default, one must be named (engine.RequireLeader) rather than
		// the largest economy taken silently.
		if _, err := engine.RequireLeader(ds, cmp.Or(req.Leader, engine.DefaultLeader), req.Leader != "", "leader"); err != nil {
			return nil, "", err
		}
	}
	j := &job{kind: req.Kind, sc: sc, ds: ds, bilateral: req.Bilateral, noBands: req.NoBands, leader: req.Leader}
	if req.Kind == KindSimulate {
		if j.sim, err = prepareSimulate(req, sc, ds); err != nil {
			return nil, "", err
		}
	}
	return j, sc.Name, nil
}

// simJob is a simulate run: the world resolved at submission (which checks
// the players) and the parameters.
type simJob struct {
	w   *simulate.World
	prm simulate.Params
}

// prepareSimulate builds the parameters as `tradebloc simulate` does from
// its flags.
func prepareSimulate(req *RunRequest, sc *scenario.Scenario, ds *data.Dataset) (*simJob, error) {
	prm := simulate.DefaultParams()
	if req.Start != "" {
		prm.Start = req.Start
	}
	for _, o := range []struct {
		v   *int
		dst *int
	}{{req.Rounds, &prm.Rounds}, {req.Q, &prm.Q}, {req.Grace, &prm.Grace}} {
		if o.v != nil {
			*o.dst = *o.v
		}
	}
	for _, o := range []struct {
		v   *float64
		dst *float64
	}{{req.Speed, &prm.Speed}, {req.Discount, &prm.Discount}, {req.Theta, &prm.Theta}} {
		if o.v != nil {
			*o.dst = *o.v
		}
	}
	for _, m := range req.Moves {
		mv, err := simulate.ParseMove(m)
		if err != nil {
			return nil, apiField(err)
		}
		prm.Moves = append(prm.Moves, mv)
	}
	prm.Scripted, prm.History = req.Scripted, !req.NoHistory
	if err := prm.Check(); err != nil {
		return nil, apiField(err)
	}
	if err := prm.CheckMoves(); err != nil {
		return nil, apiField(err)
	}
	if req.Top < 0 || req.Top > 20 {
		return nil, badf(`"top": want 0 (the scenario's candidates) to 20 partners, got %d`, req.Top)
	}
	w, err := simulate.NewWorld(sc, ds, prm.Start, prm.History, req.Top)
	if err != nil {
		return nil, err
	}
	for _, m := range prm.Moves {
		p, ok := w.PlayerIndex(m.Player)
		if !ok {
			return nil, badf(`"moves": %s=%s: %q is not a player of %s (players: %s)`, m.Player, m.Action, m.Player, sc.Name, playerNames(w))
		}
		if w.Players[p].Target && (m.Action == simulate.Join || m.Action == simulate.Counter) {
			return nil, badf(`"moves": %s=%s: a target cannot %s`, m.Player, m.Action, m.Action)
		}
	}
	return &simJob{w: w, prm: prm}, nil
}

func playerNames(w *simulate.World) string {
	names := make([]string, len(w.Players))
	for k, p := range w.Players {
		names[k] = p.Name
	}
	return strings.Join(names, ", ")
}

// apiField renames a CLI flag in an error (field "--rounds") to the request
// key (field "rounds").
func apiField(err error) error {
	var e *errs.Error
	if errors.As(err, &e) && strings.HasPrefix(e.Field, "--") {
		c := *e
		c.Field = strings.ReplaceAll(strings.TrimPrefix(e.Field, "--"), "-", "_")
		return &c
	}
	return err
}

// pbJob is a playbook run.
type pbJob struct {
	p              *playbook.Playbook
	leader, target string
}

func (s *Server) preparePlaybook(req *RunRequest) (*job, string, error) {
	if req.Playbook == "" {
		return nil, "", badf(`a playbook run needs "playbook" (one of %s; GET /api/v1/playbooks)`, strings.Join(playbookNames(), ", "))
	}
	p, err := playbook.Lookup(req.Playbook)
	if err != nil {
		return nil, "", err
	}
	ds, err := requestData(req.Data)
	if err != nil {
		return nil, "", err
	}
	leader, target := req.Leader, req.Target
	if leader == "" || target == "" {
		l, t := playbookDefaults(ds, leader)
		leader, target = cmp.Or(leader, l), cmp.Or(target, t)
	}
	// The checks playbook.Run makes first, with the CLI's messages, named
	// by the request's keys: a bad country is refused now (400), not after
	// the run has waited in the queue.
	if _, _, err := playbook.CheckRoles(ds, leader, target); err != nil {
		return nil, "", apiField(err)
	}
	j := &job{kind: KindPlaybook, ds: ds, pb: &pbJob{p: p, leader: leader, target: target}}
	return j, fmt.Sprintf("%s: %s vs %s", p.Name, leader, target), nil
}

func playbookNames() []string {
	var out []string
	for _, p := range playbook.All() {
		out = append(out, p.Name)
	}
	return out
}

// planJob is a plan run.
type planJob struct {
	pl  *plan.Plan
	opt plan.Options
}

// Labels for a posted plan's errors, as a file name is for the CLI's.
const (
	planYAMLFile = "<yaml>"
	planJSONFile = "<json>"
)

func (s *Server) preparePlan(req *RunRequest) (*job, string, error) {
	hasJSON := len(req.Plan) > 0 && string(req.Plan) != "null"
	n := 0
	for _, ok := range []bool{req.BuiltinPlan != "", hasJSON, req.PlanYAML != ""} {
		if ok {
			n++
		}
	}
	if n != 1 {
		return nil, "", badf(`a plan run needs exactly one of "builtin_plan" (%s), "plan" (JSON) or "plan_yaml"`, strings.Join(plan.BuiltinNames(), ", "))
	}
	var pl *plan.Plan
	var err error
	switch {
	case req.BuiltinPlan != "":
		var ok bool
		if pl, ok = plan.Builtin(req.BuiltinPlan); !ok {
			return nil, "", badf("no built-in plan %q (built-ins: %s)", req.BuiltinPlan, strings.Join(plan.BuiltinNames(), ", "))
		}
	case hasJSON:
		var probe any
		if json.Unmarshal(req.Plan, &probe) == nil {
			if _, ok := probe.(map[string]any); !ok {
				return nil, "", badf(`"plan" must be a JSON object with the plan file's keys`)
			}
		}
		pl, err = postedPlan(req.Plan, planJSONFile)
	default:
		pl, err = postedPlan([]byte(req.PlanYAML), planYAMLFile)
	}
	if err != nil {
		return nil, "", err
	}
	var opt plan.Options
	if req.Draws != nil {
		if *req.Draws < 1 || *req.Draws > plan.MaxDraws {
			return nil, "", badf(`"draws": want 1 to %d draws, got %d`, plan.MaxDraws, *req.Draws)
		}
		opt.Draws = *req.Draws
	}
	if req.Seed != nil {
		if *req.Seed < 0 {
			return nil, "", badf(`"seed": want a seed ≥ 0, got %d`, *req.Seed)
		}
		opt.Seed, opt.HasSeed = uint64(*req.Seed), true
	}
	opt.Start = req.Start
	start, _, err := plan.ResolveStart(pl, opt)
	if err != nil {
		return nil, "", apiField(err)
	}
	ds, err := requestData(req.Data)
	if err != nil {
		return nil, "", err
	}
	if err := checkPlan(pl, ds, start); err != nil {
		return nil, "", err
	}
	if err := s.checkPlanSize(pl, opt); err != nil {
		return nil, "", err
	}
	return &job{kind: KindPlan, ds: ds, plan: &planJob{pl: pl, opt: opt}}, pl.Name, nil
}

// postedPlan parses a plan sent in a request. Its scenario must be a
// built-in one: a posted plan must not make the server read a file.
func postedPlan(b []byte, label string) (*plan.Plan, error) {
	pl, err := plan.Parse(b, label)
	if err != nil {
		return nil, err
	}
	if pl.Name == label {
		pl.Name = "plan"
	}
	if _, ok := scenario.Builtin(pl.Scenario); !ok {
		return nil, &errs.Error{Op: "plan", Kind: errs.Invalid, File: label, Field: "scenario",
			Err: fmt.Errorf("%q: a plan posted to the server must name a built-in scenario (%s)", pl.Scenario, strings.Join(scenario.BuiltinNames(), ", "))}
	}
	return pl, nil
}

// checkPlan makes the checks plan.Run makes before computing, so a plan
// naming a player its scenario does not have is a 400 now.
func checkPlan(pl *plan.Plan, ds *data.Dataset, start string) error {
	sc, ok := scenario.Builtin(pl.Scenario)
	if !ok {
		return badf("plan %s: scenario %q is not a built-in scenario", pl.Name, pl.Scenario)
	}
	w, err := plan.NewWorld(pl, sc, ds, start)
	if err != nil {
		return err
	}
	for _, b := range pl.Branches {
		players := append([]string(nil), b.Exclude...)
		for _, m := range b.Moves {
			players = append(players, m.Player)
		}
		for _, p := range players {
			if _, ok := w.PlayerIndex(p); !ok {
				return &errs.Error{Op: "plan", Kind: errs.Invalid, File: pl.File, Line: b.Line,
					Err: fmt.Errorf("branch %q: %q is not a player of scenario %s (players: %s)", b.Name, p, sc.Name, playerNames(w))}
			}
		}
	}
	return nil
}

// checkPlanSize refuses a plan whose draws the server cannot finish within
// its per-run limit, judged at a conservative pace, so that it is a 400
// now rather than a timeout after minutes of work.
func (s *Server) checkPlanSize(pl *plan.Plan, opt plan.Options) error {
	draws := pl.Draws
	if opt.Draws > 0 {
		draws = opt.Draws
	}
	perDraw := float64(len(pl.Branches) * (pl.Rounds + 1))
	pace := s.cfg.PlanSolvesPerSecond * float64(s.cfg.CoalitionWorkers)
	limit := int(s.cfg.RunTimeout.Seconds() * pace / perDraw)
	if draws <= limit {
		return nil
	}
	return badf(`"draws": %d draws × %d branches × %d rounds ≈ %d solves, about %s at this server's pace (%.0f solves/s); its per-run limit (%s) allows about %d draws — ask for fewer (e.g. "draws": %d) or start the server with a longer --run-timeout`,
		draws, len(pl.Branches), pl.Rounds+1, draws*int(perDraw), time.Duration(float64(draws)*perDraw/pace*float64(time.Second)).Round(time.Second),
		pace, s.cfg.RunTimeout, limit, max(1, limit))
}

// planPhaseShare is the share of a plan run's progress bar given to the
// coalition game (solved once, when a branch asks for it); the draws take
// nearly all the rest.
const planPhaseShare = 0.05

func (s *Server) executeSimulate(ctx context.Context, j *job) (json.RawMessage, error) {
	start := time.Now()
	prm := j.sim.prm
	prm.Workers = s.cfg.CoalitionWorkers
	prm.Progress = func(_ string, done, total int) {
		if total > 0 {
			j.phase.Store(fmt.Sprintf("round %d of %d", min(done+1, total), total))
			j.setProgress(float64(done) / float64(total))
		}
	}
	tr, err := j.sim.w.Run(ctx, prm)
	if err != nil {
		return nil, err
	}
	return encode(tr.Report(time.Since(start).Seconds()), nil)
}

func (s *Server) executePlaybook(j *job) (json.RawMessage, error) {
	j.phase.Store("solving")
	res, err := playbook.Run(j.pb.p, j.ds, j.pb.leader, j.pb.target, s.cfg.SanctionsDir)
	if err != nil {
		return nil, err
	}
	if sd := res.SanctionsData; sd != nil && sd.Dir != "" {
		c := *sd
		c.Dir, c.Source = "", "computed from the TIES and Martin (1992) files the server was started with (--sanctions-dir)"
		res.SanctionsData = &c // the server's paths are not the client's business
	}
	return encode(res, nil)
}

func (s *Server) executePlan(ctx context.Context, j *job) (json.RawMessage, error) {
	opt := j.plan.opt
	opt.Workers, opt.Executor = s.cfg.CoalitionWorkers, s.cfg.Executor
	lo := 0.0
	for _, b := range j.plan.pl.Branches {
		if b.Coalition {
			lo = planPhaseShare
		}
	}
	// The plan's coalition game is played with its targets' answer
	// unless the plan's scenario silences them; the map only shares out
	// its small slice of the bar.
	game := j.coalitionProgress(true, 0, lo, "coalition game: ")
	opt.Progress = func(phase string, done, total int) {
		if total <= 0 {
			return
		}
		if phase == "draws" {
			j.phase.Store(fmt.Sprintf("Monte Carlo: %d of %d branch draws", done, total))
			j.setProgress(lo + (0.99-lo)*float64(done)/float64(total))
			return
		}
		game(phase, done, total)
	}
	rep, err := plan.Run(ctx, j.plan.pl, j.ds, opt)
	if err != nil {
		return nil, err
	}
	return encode(rep, nil)
}

// PlaybookInfo is one playbook in GET /api/v1/playbooks: the keys of
// `tradebloc playbooks list --format json` and of `playbooks show`.
type PlaybookInfo struct {
	*playbook.Playbook
	Sanctions bool `json:"sanctions_data"` // the TIES and Martin (1992) statistics speak to it
}

func (s *Server) handlePlaybooks(w http.ResponseWriter, r *http.Request) {
	if !knownQuery(w, r) {
		return
	}
	list := []PlaybookInfo{}
	for _, p := range playbook.All() {
		list = append(list, PlaybookInfo{Playbook: p, Sanctions: p.Sanctions})
	}
	doc := map[string]any{"playbooks": list}
	if ds, err := requestData(""); err == nil {
		doc["default_leader"], doc["default_target"] = playbookDefaults(ds, "")
	}
	writeJSON(w, http.StatusOK, doc)
}

// playbookDefaults are the leader and target a playbook run takes when the
// request names none, as dataset facts: the largest economy, and the
// largest surplus economy against the leader (given or that one); "" where
// the dataset has none.
func playbookDefaults(ds *data.Dataset, leader string) (string, string) {
	l, ok := ds.Index(leader)
	if !ok {
		l = scenario.DefaultLeader(ds)
	}
	code := func(i int) string {
		if i < 0 {
			return ""
		}
		return ds.Countries[i].Code
	}
	return code(l), code(scenario.DefaultTarget(ds, l))
}

// PlanInfo is one built-in plan in GET /api/v1/plans.
type PlanInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
	Scenario    string `json:"scenario"`
	Start       string `json:"start"` // the plan's start date, or today when it has none

	Rounds   int          `json:"rounds"`
	Draws    int          `json:"draws"`
	Seed     uint64       `json:"seed"`
	Branches []BranchInfo `json:"branches"`
	YAML     string       `json:"yaml"`
}

// BranchInfo is a plan's branch as declared.
type BranchInfo struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Probability float64 `json:"probability"`
}

func (s *Server) handlePlans(w http.ResponseWriter, r *http.Request) {
	if !knownQuery(w, r) {
		return
	}
	list := []PlanInfo{}
	for _, name := range plan.BuiltinNames() {
		pl, ok := plan.Builtin(name)
		src, _ := plan.BuiltinSource(name)
		if !ok {
			continue
		}
		start, _, _ := plan.ResolveStart(pl, plan.Options{})
		info := PlanInfo{Name: pl.Name, Description: pl.Description, Source: pl.Source, Scenario: pl.Scenario, Start: start,
			Rounds: pl.Rounds, Draws: pl.Draws, Seed: pl.Seed, Branches: []BranchInfo{}, YAML: string(src)}
		for _, b := range pl.Branches {
			info.Branches = append(info.Branches, BranchInfo{Name: b.Name, Description: b.Description, Probability: b.Probability})
		}
		list = append(list, info)
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": list, "max_draws": plan.MaxDraws})
}
