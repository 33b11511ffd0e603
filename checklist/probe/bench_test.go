package probe

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// BenchmarkEvaluate measures judging one probe's evidence (18 checks over
// the exchanges of a site with a 200 KB debug page); the network is not
// part of it.
func BenchmarkEvaluate(b *testing.B) {
	debugPage := "<title>Page not found</title>" + strings.Repeat("<li>pattern</li>", 12000) + "Using the URLconf defined in"
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload")
		http.SetCookie(w, &http.Cookie{Name: "csrftoken", Value: "x", Secure: true, SameSite: http.SameSiteLaxMode})
		if r.URL.Path != "/" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(debugPage))
			return
		}
		_, _ = w.Write([]byte("<title>home</title>"))
	})
	ts := httptest.NewTLSServer(h)
	defer ts.Close()
	port := ts.Listener.Addr().(*net.TCPAddr).Port
	opts := Options{Timeout: 5 * time.Second, Insecure: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return loopbackDial(ctx, network, addr, port, port)
	}}
	target, _ := ParseTarget(testHost)
	ev := gather(context.Background(), newClient(&opts), target)
	ev.insecure, ev.now = true, time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if rep := evaluate(ev); len(rep.Findings) != len(checks()) {
			b.Fatal("missing findings")
		}
	}
}
