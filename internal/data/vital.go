package data

// VitalInputCodes are the ICIO sectors a supplier cartel would cut off
// first (the seed essay's rare earths and chips): mining of metal ores,
// basic non-ferrous metals and computer and electronic products.
var VitalInputCodes = []string{"B07", "C24B", "C26"}

// VitalInputs returns the indices of the vital-input sectors the dataset
// has (none on a one-sector world).
func (d *Dataset) VitalInputs() []int {
	var out []int
	for s, sec := range d.Sectors {
		for _, c := range VitalInputCodes {
			if sec.Code == c {
				out = append(out, s)
			}
		}
	}
	return out
}
