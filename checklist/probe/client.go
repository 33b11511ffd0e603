package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// MaxRequests is the most requests one probe sends, redirects included.
const MaxRequests = 25

// maxRedirects is how many redirects a chain follows before it is a loop.
const maxRedirects = 10

// maxBody is how much of a response body is read (for debug-page markers,
// which Django puts near the top).
const maxBody = 512 << 10

// userAgent names djharden so the site's operator can tell who asked.
const userAgent = "djharden-probe/1 (+https://github.com/djharden/djharden; read-only security probe)"

// errBudget ends a probe that would go past MaxRequests.
var errBudget = errors.New("request budget exhausted")

// Exchange is one request and what came back: the evidence of a finding.
type Exchange struct {
	Method string
	URL    string
	// Sent lists request headers worth showing (a foreign Host, a spoofed X-Forwarded-Proto).
	Sent   []string
	Status int
	Header http.Header
	Body   []byte
	TLS    *tls.ConnectionState
	Err    error
}

// Request is "GET https://host/path" plus the headers that matter.
func (e *Exchange) Request() string {
	s := e.Method + " " + e.URL
	if len(e.Sent) > 0 {
		s += " (" + strings.Join(e.Sent, ", ") + ")"
	}
	return s
}

// client sends the probe's requests one at a time, each on a fresh
// connection, each bounded in time, never more than MaxRequests.
type client struct {
	http    *http.Client
	timeout time.Duration
	mu      sync.Mutex
	sent    int
}

func newClient(opts *Options) *client {
	dial := opts.DialContext
	if dial == nil {
		d := &net.Dialer{Timeout: opts.Timeout}
		dial = d.DialContext
	}
	tlsConf := &tls.Config{
		RootCAs:            opts.RootCAs,
		MinVersion:         tls.VersionTLS10, // so an old server is reported, not just refused
		InsecureSkipVerify: opts.Insecure,    //nolint:gosec // only with --insecure, and every TLS finding says so
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		TLSClientConfig:       tlsConf,
		TLSHandshakeTimeout:   opts.Timeout,
		ResponseHeaderTimeout: opts.Timeout,
		DisableKeepAlives:     true,
		MaxConnsPerHost:       1,
		DisableCompression:    true,
	}
	return &client{
		http: &http.Client{
			Transport:     tr,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		timeout: opts.Timeout,
	}
}

// Sent is how many requests went out.
func (c *client) Sent() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent
}

// get sends one GET; host overrides the Host header, extra adds headers.
func (c *client) get(ctx context.Context, u *url.URL, host string, extra map[string]string) *Exchange {
	ex := &Exchange{Method: http.MethodGet, URL: u.String()}
	c.mu.Lock()
	if c.sent >= MaxRequests {
		c.mu.Unlock()
		ex.Err = errBudget
		return ex
	}
	c.sent++
	c.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		ex.Err = err
		return ex
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html,*/*;q=0.8")
	if host != "" {
		req.Host = host
		ex.Sent = append(ex.Sent, "Host: "+host)
	}
	for k, v := range extra {
		req.Header.Set(k, v)
		ex.Sent = append(ex.Sent, k+": "+v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		ex.Err = unwrapURLError(err)
		return ex
	}
	defer resp.Body.Close()
	ex.Status = resp.StatusCode
	ex.Header = resp.Header
	ex.TLS = resp.TLS
	ex.Body, _ = io.ReadAll(io.LimitReader(resp.Body, maxBody))
	return ex
}

// follow GETs u and follows redirects on the same host and scheme, at most
// limit of them; it stops at the first URL seen twice (a loop).
func (c *client) follow(ctx context.Context, u *url.URL, limit int) (chain []*Exchange, loop bool) {
	seen := map[string]bool{}
	cur := u
	for {
		seen[cur.String()] = true
		ex := c.get(ctx, cur, "", nil)
		chain = append(chain, ex)
		next, ok := redirectTarget(ex)
		if !ok || !sameHost(next, u) || next.Scheme != u.Scheme {
			return chain, false // a page, another host, or a change of scheme: the caller judges it
		}
		if seen[next.String()] || len(chain) > limit {
			return chain, true
		}
		cur = next
	}
}

// redirectTarget is where a 3xx response points, resolved against its URL.
func redirectTarget(ex *Exchange) (*url.URL, bool) {
	if ex.Err != nil || ex.Status < 300 || ex.Status > 399 {
		return nil, false
	}
	loc := ex.Header.Get("Location")
	if loc == "" {
		return nil, false
	}
	base, err := url.Parse(ex.URL)
	if err != nil {
		return nil, false
	}
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, false
	}
	return base.ResolveReference(ref), true
}

func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname())
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// describeErr says in plain words why a request got no answer.
func describeErr(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, errBudget):
		return "not sent: the probe's budget of " + fmt.Sprint(MaxRequests) + " requests was used up"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return "no answer in time"
	case errors.As(err, new(*tls.CertificateVerificationError)):
		return "the certificate did not verify"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection without an answer"
	}
	msg := err.Error()
	if strings.Contains(msg, "connection refused") {
		return "connection refused"
	}
	if strings.Contains(msg, "connection reset") {
		return "the server reset the connection"
	}
	return msg
}
