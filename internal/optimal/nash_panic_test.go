package optimal

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestParallelRecoversPanic: a unit of the pool that panics is that
// unit's error, the others run, and the process lives on.
func TestParallelRecoversPanic(t *testing.T) {
	n := &nash{set: NashSettings{Workers: 2}}
	ran := make([]bool, 4)
	err := n.parallel(4, func(k int) error {
		ran[k] = true
		if k == 2 {
			panic(fmt.Sprintf("boom in unit %d", k))
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "(unit 2) panicked: boom in unit 2") {
		t.Fatalf("err = %v", err)
	}
	for k, r := range ran {
		if !r {
			t.Errorf("unit %d did not run", k)
		}
	}
	want := errors.New("plain")
	if err := n.parallel(3, func(k int) error {
		if k == 1 {
			return want
		}
		return nil
	}); !errors.Is(err, want) {
		t.Errorf("an ordinary error: %v", err)
	}
}
