package browsertest

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/observability/actorconsole"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "also write the screenshot to docs/console.png at the repository's root")

// screenshotDoc is where -update-screenshot writes, from this package's
// directory.
const screenshotDoc = "../../../docs/console.png"

// chromium returns the Chromium (or Chrome) to drive: $ACTORIO_CHROMIUM,
// or the first of the usual names on the PATH. The test skips, saying
// so, when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ACTORIO_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found (looked for $ACTORIO_CHROMIUM, chromium, chromium-browser, google-chrome): " +
		"install it (Debian: apt-get install chromium) to run the console's browser test")
	return ""
}

// browser starts headless Chromium with a fresh profile and returns a
// context for chromedp; the test's cleanup closes the browser and waits
// for it.
func browser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancel()
		cancelAlloc() // waits for the browser to exit
	})
	return ctx
}

// TestConsoleInBrowser opens the console of a running system in
// Chromium and checks what an operator would look for: the actor tree,
// a mailbox made to grow at the top of the hot spots, a panic in the
// feed with its stack, the charts, the network and a remote node's peers
// (a fake one: fakeNode). It keeps a screenshot as an artifact (go test
// -artifacts) and, with -update-screenshot, as docs/console.png.
func TestConsoleInBrowser(t *testing.T) {
	exe := chromium(t)
	d := startDemo(t)
	console := actorconsole.Handler(d.sys, actorconsole.WithReactor(d.r), actorconsole.WithMinInterval(250*time.Millisecond),
		actorconsole.WithNode(fakeNode{start: time.Now()}.read))
	mux := http.NewServeMux()
	mux.Handle("/debug/actorio/console/", http.StripPrefix("/debug/actorio/console", console))
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.RegisterOnShutdown(console.Close)
	srv.Start()
	t.Cleanup(func() {
		console.Close()
		srv.Close()
	})

	ctx := browser(t, exe)
	// The first call starts the browser, which lives as long as the
	// context of that call: it gets none of the timeouts below.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	limit := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 30*time.Second) }
	t.Cleanup(func() { // what the page showed when a check failed
		if !t.Failed() {
			return
		}
		c, cancel := limit()
		defer cancel()
		if png, err := chromedp.Run(c, chromedp.CaptureScreenshot()); err == nil {
			out := filepath.Join(t.ArtifactDir(), "failed.png")
			if os.WriteFile(out, png, 0o644) == nil {
				t.Logf("the page at the failure: %s", out)
			}
		}
	})
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := limit()
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	poll := func(what, expr string) {
		t.Helper()
		do(what, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	}
	eval := func(what, expr string) string {
		t.Helper()
		c, cancel := limit()
		defer cancel()
		v, err := chromedp.Run(c, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}

	do("open the console",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(srv.URL+"/debug/actorio/console/"),
		chromedp.WaitVisible(chromedp.CSS(`#tree .tree-row[data-path="/orders"]`)))

	rows := eval("read the tree", `[...document.querySelectorAll("#tree .tree-row")].map(r => r.dataset.path).join(" ")`)
	want := []string{"/billing", "/crasher", "/notifier", "/orders", d.lns[0].PID().String(), d.lns[1].PID().String()}
	require.ElementsMatch(t, want, strings.Fields(rows), "the top-level actors: the service's and the listeners'")

	do("expand /billing and /orders",
		chromedp.Click(chromedp.CSS(`#tree .tree-row[data-path="/billing"] .caret`)),
		chromedp.WaitVisible(chromedp.CSS(`#tree .tree-row[data-path="/billing/ledger"]`)),
		chromedp.Click(chromedp.CSS(`#tree .tree-row[data-path="/orders"] .caret`)),
		chromedp.WaitVisible(chromedp.CSS(`#tree .tree-row[data-path="/orders/shard-3"]`)))

	const jammed = 2500
	d.jamLedger(t, jammed)
	poll("the ledger's mailbox at the top of the hot spots", `(() => {
		const first = document.querySelector("#top .top-item");
		return !!first && first.dataset.path === "/billing/ledger" &&
			Number(first.querySelector(".top-value").textContent.replace(/,/g, "")) >= `+strconv.Itoa(jammed)+`;
	})()`)
	poll("the ledger's mailbox in the tree", `(() => {
		const row = document.querySelector('#tree .tree-row[data-path="/billing/ledger"]');
		return !!row && Number(row.children[3].textContent.replace(/,/g, "")) >= `+strconv.Itoa(jammed)+`;
	})()`)

	require.NoError(t, d.crasher.Send(crashReq{why: "invalid order 42"}))
	poll("the panic in the feed, with its stack", `[...document.querySelectorAll('#feed li[data-kind="failure"]')].some(li =>
		li.textContent.includes("/crasher") && li.textContent.includes("invalid order 42") &&
		!!li.querySelector("pre") && li.querySelector("pre").textContent.includes("panic("))`)
	poll("the blocked ledger reported as a slow handler", `[...document.querySelectorAll('#feed li[data-kind="slow"]')].some(li => li.textContent.includes("/billing/ledger"))`)

	poll("the charts", `(() => {
		const v = document.querySelector('[data-chart="messages"] .chart-value').textContent;
		return v !== "–" && v !== "0";
	})()`)
	poll("the network: two listeners and the connections", `(() => {
		const tables = document.querySelectorAll("#reactors table");
		return tables.length === 2 && tables[0].querySelectorAll("tbody tr").length === 2 &&
			tables[1].querySelectorAll("tbody tr").length === 4;
	})()`)
	poll("the remote node: its peers, the slowest last, with round trips, and its charts", `(() => {
		const rows = [...document.querySelectorAll("#node table.peers tbody tr")];
		const value = (id) => document.querySelector('[data-chart="' + id + '"] .chart-value').textContent;
		return !document.getElementById("node").hidden && rows.length === 3 &&
			rows[2].dataset.peer === "e07b5d9a2c4f6138" && rows.every(r => r.children[5].textContent.endsWith("s")) &&
			value("remote") !== "–" && value("rtt") !== "–";
	})()`)
	busiest := eval("read the busiest connection", `document.querySelectorAll("#reactors table")[1].querySelector("tbody tr td:nth-child(5)").textContent`)
	require.Equal(t, "2,048", busiest, "the ingest client that sent 2 KiB, held")

	// Let the charts fill, fail once more to show a stack, and keep a
	// picture.
	do("let the charts fill", chromedp.Sleep(15*time.Second))
	require.NoError(t, d.crasher.Send(crashReq{why: "invalid order 43"}))
	poll("the second panic", `[...document.querySelectorAll('#feed li[data-kind="failure"]')].some(li => li.textContent.includes("invalid order 43"))`)
	do("show its stack", chromedp.Evaluate[chromedp.Void](`(() => {
		const li = [...document.querySelectorAll('#feed li[data-kind="failure"]')].find(li => li.textContent.includes("invalid order 43"));
		li.querySelector("details").open = true;
	})()`), chromedp.Sleep(time.Second))
	c, cancel := limit()
	defer cancel()
	png, err := chromedp.Run(c, chromedp.CaptureScreenshot())
	require.NoError(t, err, "take a screenshot")
	require.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "a PNG")
	out := filepath.Join(t.ArtifactDir(), "console.png")
	require.NoError(t, os.WriteFile(out, png, 0o644))
	t.Logf("screenshot: %s (%d bytes)", out, len(png))
	if *updateScreenshot {
		require.NoError(t, os.WriteFile(screenshotDoc, png, 0o644))
		t.Logf("screenshot: wrote %s", screenshotDoc)
	}
	if strings.Contains(os.Getenv("ACTORIO_BROWSER_PAUSE"), "1") {
		t.Log("ACTORIO_BROWSER_PAUSE: serving the console at", srv.URL+"/debug/actorio/console/", "for a minute")
		time.Sleep(time.Minute)
	}
}
