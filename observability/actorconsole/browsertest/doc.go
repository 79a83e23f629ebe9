// Package browsertest checks package actorconsole in a real browser: its
// tests start a running system shaped like the examples (a tree of
// actors, one whose mailbox grows behind a blocked handler, one that
// panics, a reactor with listeners and connections, and the counters of
// a remote node with three peers), serve its console, and drive headless
// Chromium through it with chromedp, then keep a screenshot. It is a
// module of its own so that the root module does not depend on chromedp.
// The tests skip, saying why, where no Chromium is installed (Debian:
// apt-get install chromium).
//
// Run it from the repository root with
//
//	go -C observability/actorconsole/browsertest test -race -count=1 ./...
//
// and add -update-screenshot to also write docs/console.png.
package browsertest
