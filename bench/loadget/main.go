// Command loadget measures a tradebloc server under many concurrent reads
// of one large result: it posts a run (by default a solve of
// liberation-day with every bilateral flow, a 5 MB result), waits for it,
// then sends N concurrent GETs of it while sampling the server's resident
// memory from /proc (Linux). See BENCHMARKS.md.
//
//	tradebloc serve --addr 127.0.0.1:8097 --db /tmp/load.db &
//	go run ./bench/loadget -url http://127.0.0.1:8097 -pid $! -n 200
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8097", "server address")
	pid := flag.Int("pid", 0, "the server's process ID (to sample its memory)")
	n := flag.Int("n", 200, "concurrent GETs")
	body := flag.String("run", `{"kind": "solve", "builtin": "liberation-day", "bilateral": true}`, "the run to post")
	flag.Parse()
	log.SetFlags(0)

	resp, err := http.Post(*base+"/api/v1/runs", "application/json", strings.NewReader(*body))
	if err != nil {
		log.Fatal(err)
	}
	var created struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&created); err != nil || created.ID == "" {
		log.Fatalf("POST: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	url := *base + "/api/v1/runs/" + created.ID
	var size int
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(url)
		if err != nil {
			log.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var doc struct {
			Status string
			Result json.RawMessage
		}
		_ = json.Unmarshal(b, &doc)
		if doc.Status == "done" {
			size = len(doc.Result)
			break
		}
		if doc.Status == "failed" || time.Now().After(deadline) {
			log.Fatalf("run %s: %s", created.ID, doc.Status)
		}
	}
	before := rss(*pid, "VmRSS")

	var peak atomic.Int64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		for {
			if v := rss(*pid, "VmRSS"); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *n, MaxConnsPerHost: *n}, Timeout: 5 * time.Minute}
	start := time.Now()
	lat := make([]time.Duration, *n)
	var failed atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < *n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			t0 := time.Now()
			resp, err := client.Get(url)
			if err != nil {
				failed.Add(1)
				return
			}
			m, err := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || m < int64(size) {
				failed.Add(1)
			}
			lat[i] = time.Since(t0)
		}(i)
	}
	wg.Wait()
	total := time.Since(start)
	close(stop)
	sampler.Wait()
	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	fmt.Printf("%d concurrent GETs of a %.2f MB result: %v in all, median %v, max %v, %d failed\n",
		*n, float64(size)/1e6, total.Round(time.Millisecond), lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), failed.Load())
	if *pid > 0 {
		fmt.Printf("server RSS: %.0f MB before, %.0f MB peak during (sampled every 5 ms), high-water mark %.0f MB\n",
			mb(before), mb(peak.Load()), mb(rss(*pid, "VmHWM")))
	}
}

// rss reads a memory field (kB) of /proc/PID/status, in bytes.
func rss(pid int, field string) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
