package coalition

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestTmpPrintUnit(t *testing.T) {
	sc, ds := compelled(t)
	g, _ := newGame(sc, ds)
	b, _ := sc.Wire()
	u, _ := g.unit("payoffs/128-256", kindStretch, stretchSpec{gameSpec: gameSpec{Scenario: b, Warm: true}, Lo: 128, Hi: 256}, 128)
	out, _ := json.MarshalIndent(u, "", "  ")
	fmt.Println(string(out))
	fmt.Println(len(out))
}
