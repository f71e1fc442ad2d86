package scenario

// YAMLFile is the file name given in errors for scenarios parsed by
// ParseYAMLText.
const YAMLFile = "<yaml>"

// ParseYAMLText parses scenario YAML that arrived as text rather than from a
// file (the HTTP API's `scenario_yaml`, the web UI's editor). Errors are
// located as <yaml>:LINE:COL in that text. As with ParseJSON, file
// references (`file:`) are refused and relative paths are not resolved: the
// text's author does not own the disk it is parsed on.
func ParseYAMLText(b []byte) (*Scenario, error) {
	p := &parser{file: YAMLFile}
	sc, err := p.parse(b)
	if err != nil {
		return nil, err
	}
	// parse names an unnamed scenario and records its file after the
	// file name, which here is only a label for errors.
	sc.File, sc.Dir = "", ""
	if sc.Name == YAMLFile {
		sc.Name = ""
	}
	return sc, nil
}
