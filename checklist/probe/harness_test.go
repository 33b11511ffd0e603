package probe

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/djharden/djharden/internal/testenv"
)

// The test sites: a real Django project (testdata/djsite) under real
// gunicorn behind real nginx with TLS, on 127.0.0.1 ports only. Every
// set-up changes one thing; they start once per test package, in parallel.

const testHost = "probe.test"

// djangoEnv is one gunicorn's environment on top of the hardened defaults.
var djangoEnv = map[string][]string{
	"hardened":   nil,
	"debug":      {"PROBE_DEBUG=1"},
	"nohsts":     {"PROBE_HSTS=0"},
	"noredirect": {"PROBE_SSL_REDIRECT=0"},
	"cookies":    {"PROBE_SECURE_COOKIES=0"},
	"anyhost":    {"PROBE_ALLOWED_HOSTS=*"},
}

// setup is one nginx server pair in front of one of the gunicorns.
type setup struct {
	django   string // key of djangoEnv
	cert     string // "good", "expired" or "other" (issued for another name)
	plainXFP bool   // the plain-HTTP server sets X-Forwarded-Proto from the connection
	tlsXFP   bool   // the TLS server does
	// tlsReturn replaces the TLS server's proxying with a fixed nginx
	// "return" (e.g. a redirect to another host).
	tlsReturn string
	// fallback adds a default TLS server for unknown Host names with this
	// body ("return 444;", ...); "" means the site's server answers them.
	fallback string
}

var setups = map[string]setup{
	"hardened":    {django: "hardened", cert: "good", plainXFP: true, tlsXFP: true},
	"debug":       {django: "debug", cert: "good", plainXFP: true, tlsXFP: true},
	"nohsts":      {django: "nohsts", cert: "good", plainXFP: true, tlsXFP: true},
	"noredirect":  {django: "noredirect", cert: "good", plainXFP: true, tlsXFP: true},
	"cookies":     {django: "cookies", cert: "good", plainXFP: true, tlsXFP: true},
	"anyhost":     {django: "anyhost", cert: "good", plainXFP: true, tlsXFP: true},
	"passthrough": {django: "hardened", cert: "good", plainXFP: false, tlsXFP: true}, // the client's X-Forwarded-Proto reaches Django over plain HTTP
	"loop":        {django: "hardened", cert: "good", plainXFP: true, tlsXFP: false}, // Django never learns HTTPS: SECURE_SSL_REDIRECT loops
	"expired":     {django: "hardened", cert: "expired", plainXFP: true, tlsXFP: true},
	"wrongname":   {django: "hardened", cert: "other", plainXFP: true, tlsXFP: true},
	// The apex sends everyone to www (another host the probe does not follow).
	"apex": {django: "hardened", cert: "good", plainXFP: true, tlsXFP: true,
		tlsReturn: `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains; preload" always; return 301 https://www.probe.test$request_uri;`},
	// Unknown names never reach Django: the proxy closes, shows its own page, or sends them home.
	"default444":  {django: "anyhost", cert: "good", plainXFP: true, tlsXFP: true, fallback: "return 444;"},
	"defaultpage": {django: "anyhost", cert: "good", plainXFP: true, tlsXFP: true, fallback: `default_type text/html; return 200 "<!doctype html><title>Welcome to nginx!</title>";`},
	"defaulthome": {django: "anyhost", cert: "good", plainXFP: true, tlsXFP: true, fallback: "return 301 https://probe.test$request_uri;"},
}

// site is one running set-up: its ports on 127.0.0.1.
type site struct {
	name                string
	httpPort, httpsPort int
}

// dial resolves the test host to 127.0.0.1 (ports 80/443 to the set-up's
// ports) and refuses everything else, so no test can reach the network.
func (s *site) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	return loopbackDial(ctx, network, addr, s.httpPort, s.httpsPort)
}

func loopbackDial(ctx context.Context, network, addr string, httpPort, httpsPort int) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != testHost {
		return nil, fmt.Errorf("test dialer: refusing %s (only %s)", addr, testHost)
	}
	p := 0
	switch port {
	case "80":
		p = httpPort
	case "443":
		p = httpsPort
	default:
		return nil, fmt.Errorf("test dialer: refusing port %s", port)
	}
	d := net.Dialer{Timeout: 5 * time.Second}
	return d.DialContext(ctx, network, fmt.Sprintf("127.0.0.1:%d", p))
}

// fleet is every running process of the package's test sites.
type fleet struct {
	dir    string
	caPool *x509.CertPool
	caFile string
	certs  map[string][2]string // cert kind -> cert file, key file
	sites  map[string]*site
	procs  []*proc
	logs   []string
}

var (
	fleetOnce sync.Once
	theFleet  *fleet
	fleetErr  error
)

// siteFor starts the fleet once (or skips/fails without the tools) and
// returns the named set-up.
func siteFor(t *testing.T, name string) (*site, *fleet) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the live nginx/gunicorn sites in -short mode")
	}
	py := testenv.Python(t, "django", "gunicorn")
	nginx := testenv.Tool(t, "nginx")
	fleetOnce.Do(func() { theFleet, fleetErr = startFleet(py, nginx) })
	if fleetErr != nil {
		t.Fatalf("starting the test sites: %v", fleetErr)
	}
	s, ok := theFleet.sites[name]
	if !ok {
		t.Fatalf("no set-up %q", name)
	}
	return s, theFleet
}

func TestMain(m *testing.M) {
	code := m.Run()
	if theFleet != nil {
		theFleet.stop()
	}
	os.Exit(code)
}

func startFleet(python, nginx string) (f *fleet, err error) {
	dir, err := os.MkdirTemp("", "djprobe") // short: unix socket paths are limited
	if err != nil {
		return nil, err
	}
	f = &fleet{dir: dir, sites: map[string]*site{}, certs: map[string][2]string{}}
	defer func() {
		if err != nil {
			err = fmt.Errorf("%w%s", err, f.tail())
			f.stop()
		}
	}()
	if err := f.makeCerts(); err != nil {
		return f, err
	}
	project, err := filepath.Abs(filepath.Join("testdata", "djsite"))
	if err != nil {
		return f, err
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	for name, env := range djangoEnv {
		cmd := exec.Command(python, "-m", "gunicorn", "--bind", "unix:"+f.sock(name), "--workers", "1",
			"--chdir", project, "--log-level", "warning", "probesite.wsgi:application")
		cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "PROBE_SECRET_KEY="+hex.EncodeToString(key))
		cmd.Env = append(cmd.Env, env...)
		if err := f.start(cmd, "gunicorn-"+name); err != nil {
			return f, err
		}
	}
	deadline := time.Now().Add(45 * time.Second)
	for name := range djangoEnv {
		if err := waitFor("unix", f.sock(name), deadline, nil); err != nil {
			return f, fmt.Errorf("gunicorn %s did not start: %v", name, err)
		}
	}
	// The ports were free a moment ago; if another process took one, nginx
	// exits, and a new set of ports is tried.
	f.logs = append(f.logs, filepath.Join(dir, "nginx-error.log"))
	for attempt := 1; ; attempt++ {
		err := f.startNginx(nginx, attempt, time.Now().Add(20*time.Second))
		if err == nil {
			break
		}
		if attempt == 3 {
			return f, err
		}
	}
	return f, nil
}

// startNginx writes a configuration with fresh ports and waits until nginx
// listens on all of them (an error if it exits first).
func (f *fleet) startNginx(nginx string, attempt int, deadline time.Time) error {
	conf, err := f.nginxConf()
	if err != nil {
		return err
	}
	cmd := exec.Command(nginx, "-p", f.dir, "-c", conf, "-e", filepath.Join(f.dir, "nginx-error.log"))
	if err := f.start(cmd, fmt.Sprintf("nginx-%d", attempt)); err != nil {
		return err
	}
	done := f.procs[len(f.procs)-1].done
	for _, s := range f.sites {
		for _, p := range []int{s.httpPort, s.httpsPort} {
			if err := waitFor("tcp", fmt.Sprintf("127.0.0.1:%d", p), deadline, done); err != nil {
				return fmt.Errorf("nginx did not listen for %s: %v", s.name, err)
			}
		}
	}
	return nil
}

func (f *fleet) sock(name string) string { return filepath.Join(f.dir, name+".sock") }

func (f *fleet) start(cmd *exec.Cmd, name string) error {
	logName := filepath.Join(f.dir, name+".log")
	out, err := os.Create(logName)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = out, out
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		out.Close()
		return fmt.Errorf("%s: %v", name, err)
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	f.procs = append(f.procs, p)
	f.logs = append(f.logs, logName)
	go func() { _ = cmd.Wait(); out.Close(); close(p.done) }()
	return nil
}

// proc is a process the fleet started; done closes when it has exited.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// stop ends every process the fleet started (by its own handle) and removes the directory.
func (f *fleet) stop() {
	for _, p := range f.procs {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, p := range f.procs {
		select {
		case <-p.done:
		case <-time.After(time.Until(deadline)):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	}
	_ = os.RemoveAll(f.dir)
}

// tail is the end of every log, for a failure message.
func (f *fleet) tail() string {
	var b strings.Builder
	for _, l := range f.logs {
		data, _ := os.ReadFile(l)
		if len(data) > 1500 {
			data = data[len(data)-1500:]
		}
		if len(bytes.TrimSpace(data)) > 0 {
			fmt.Fprintf(&b, "\n--- %s\n%s", filepath.Base(l), data)
		}
	}
	return b.String()
}

// waitFor dials addr until it answers, the deadline passes, or exited closes.
func waitFor(network, addr string, deadline time.Time, exited <-chan struct{}) error {
	for {
		select {
		case <-exited:
			return fmt.Errorf("the server exited")
		default:
		}
		c, err := net.DialTimeout(network, addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freePorts reserves n loopback ports and releases them for nginx.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func (f *fleet) nginxConf() (string, error) {
	ports, err := freePorts(2 * len(setups))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if os.Geteuid() == 0 {
		// As root (CI), nginx would hand its workers to "nobody", who cannot
		// read the temp directory; stay root there, on loopback only.
		b.WriteString("user root;\n")
	}
	d := f.dir
	fmt.Fprintf(&b, `daemon off;
master_process on;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log %[1]s/nginx-access.log;
  client_body_temp_path %[1]s/client_body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  server_tokens off;
`, d)
	i := 0
	for _, name := range slices.Sorted(maps.Keys(setups)) {
		su := setups[name]
		s := &site{name: name, httpPort: ports[i], httpsPort: ports[i+1]}
		i += 2
		f.sites[name] = s
		loc := func(xfp bool) string {
			l := fmt.Sprintf("location / { proxy_pass http://unix:%s:; proxy_set_header Host $host;", f.sock(su.django))
			if xfp {
				l += " proxy_set_header X-Forwarded-Proto $scheme;"
			}
			return l + " }"
		}
		cert := f.certs[su.cert]
		tlsBody := loc(su.tlsXFP)
		if su.tlsReturn != "" {
			tlsBody = su.tlsReturn
		}
		fmt.Fprintf(&b, `  # %s
  server { listen 127.0.0.1:%d; server_name %s; %s }
  server {
    listen 127.0.0.1:%d ssl; server_name %s;
    ssl_certificate %s; ssl_certificate_key %s; ssl_protocols TLSv1.2 TLSv1.3;
    add_header Cross-Origin-Opener-Policy same-origin always;
    add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;
    %s
  }
`, name, s.httpPort, testHost, loc(su.plainXFP), s.httpsPort, testHost, cert[0], cert[1], tlsBody)
		if su.fallback != "" {
			fmt.Fprintf(&b, "  server { listen 127.0.0.1:%d ssl default_server; server_name _; ssl_certificate %s; ssl_certificate_key %s; %s }\n",
				s.httpsPort, cert[0], cert[1], su.fallback)
		}
	}
	b.WriteString("}\n")
	conf := filepath.Join(d, "nginx.conf")
	return conf, os.WriteFile(conf, []byte(b.String()), 0o600)
}
