package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// countingProxy sits between the probe and nginx on 127.0.0.1 (TLS with
// the test certificate, and plain HTTP) and counts every request by method.
type countingProxy struct {
	mu      sync.Mutex
	methods map[string]int
	total   int
}

func (c *countingProxy) count(r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.methods[r.Method]++
	c.total++
	if !strings.Contains(r.UserAgent(), "djharden") {
		c.methods["user-agent not naming djharden"]++
	}
}

// start listens on two loopback ports that forward to the set-up's nginx.
func (c *countingProxy) start(t *testing.T, s *site, f *fleet) (httpPort, httpsPort int) {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(f.certs["good"][0], f.certs["good"][1])
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{
		DialContext:       s.dial,
		TLSClientConfig:   &tls.Config{RootCAs: f.caPool},
		DisableKeepAlives: true,
	}
	serve := func(scheme string, l net.Listener) int {
		target := &url.URL{Scheme: scheme, Host: testHost}
		rp := httputil.NewSingleHostReverseProxy(target)
		rp.Transport = tr
		srv := &http.Server{
			Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { c.count(r); rp.ServeHTTP(w, r) }),
			ReadHeaderTimeout: 10 * time.Second,
		}
		go func() { _ = srv.Serve(l) }()
		t.Cleanup(func() { _ = srv.Close() })
		return l.Addr().(*net.TCPAddr).Port
	}
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serve("http", pl), serve("https", tls.NewListener(tl, &tls.Config{Certificates: []tls.Certificate{cert}}))
}

// The probe stays within its budget, sends only GETs, and counts what it sends,
// on the hardened site and on the redirect loop (the most requests).
func TestRequestBudget(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"hardened", "loop", "noredirect"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, f := siteFor(t, name)
			c := &countingProxy{methods: map[string]int{}}
			hp, sp := c.start(t, s, f)
			dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
				return loopbackDial(ctx, network, addr, hp, sp)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			rep, err := Run(ctx, Options{URL: "https://" + testHost + "/", Timeout: 15 * time.Second, RootCAs: f.caPool, DialContext: dial})
			if err != nil {
				t.Fatal(err)
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.total > MaxRequests || c.total != c.methods[http.MethodGet] {
				t.Errorf("proxy saw %d requests %v; want at most %d, all GET", c.total, c.methods, MaxRequests)
			}
			if c.total != rep.Requests || c.total < 6 {
				t.Errorf("proxy saw %d requests, the report says %d", c.total, rep.Requests)
			}
			if name == "loop" && rep.Lookup("live-redirect-loop").Status != "fail" {
				t.Errorf("through the proxy the loop is %s", rep.Lookup("live-redirect-loop").Status)
			}
		})
	}
}

// A site redirecting to a fresh URL every time is cut off at maxRedirects,
// and the whole probe still sends at most MaxRequests, all GET.
func TestEndlessRedirects(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	endless := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		if r.Method != http.MethodGet {
			t.Errorf("method %s", r.Method)
		}
		http.Redirect(w, r, fmt.Sprintf("https://%s/hop/%d/", testHost, i), http.StatusFound)
	})
	tlsSrv := httptest.NewTLSServer(endless) // on 127.0.0.1, its own throwaway certificate
	defer tlsSrv.Close()
	plainSrv := httptest.NewServer(endless)
	defer plainSrv.Close()
	port := func(s *httptest.Server) int { return s.Listener.Addr().(*net.TCPAddr).Port }
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		return loopbackDial(ctx, network, addr, port(plainSrv), port(tlsSrv))
	}
	rep, err := Run(context.Background(), Options{URL: testHost, Timeout: 5 * time.Second, DialContext: dial, Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if n > MaxRequests || n != rep.Requests {
		t.Errorf("server saw %d requests, report %d; budget %d", n, rep.Requests, MaxRequests)
	}
	if f := rep.Lookup("live-redirect-loop"); f.Status != "fail" || !strings.Contains(f.Message, "11 redirects") {
		t.Errorf("endless redirects: %s %q", f.Status, f.Message)
	}
	if f := rep.Lookup("live-https-redirect"); f.Status != "warn" || !strings.Contains(f.Message, "temporary 302") {
		t.Errorf("302 to HTTPS: %s %q", f.Status, f.Message)
	}
}

// A site where nothing listens is an error, not a report of failures.
func TestUnreachable(t *testing.T) {
	t.Parallel()
	ports, err := freePorts(2) // released again: nothing listens there
	if err != nil {
		t.Fatal(err)
	}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		return loopbackDial(ctx, network, addr, ports[0], ports[1])
	}
	rep, err := Run(context.Background(), Options{URL: "https://" + testHost + "/", Timeout: 2 * time.Second, DialContext: dial})
	if err == nil || !strings.Contains(err.Error(), "cannot reach probe.test") || rep != nil {
		t.Errorf("nothing listening: report %v, error %v", rep, err)
	}
}
