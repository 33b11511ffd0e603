package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Bad input to probe is a one-line reason and exit 2, before any request.
func TestProbeUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"probe"}, "accepts between 1 and 2 arg(s)"},
		{[]string{"probe", "ftp://example.com"}, "the scheme must be https or http"},
		{[]string{"probe", "https://user:hunter2@example.com/"}, "leave credentials out of the URL"},
		{[]string{"probe", "https://example.com", "--format", "xml"}, "--format must be text, json or sarif"},
		{[]string{"probe", "https://example.com", "--fail-on", "always"}, "--fail-on must be warn, fail or never"},
		{[]string{"probe", "https://example.com", "--timeout", "0s"}, "--timeout must be between"},
		{[]string{"probe", "https://example.com", "--ca-file", filepath.Join(dir, "missing.pem")}, "cannot read --ca-file"},
		{[]string{"probe", "https://example.com", "--ca-file", notPEM}, "holds no PEM certificate"},
		{[]string{"probe", "https://example.com", filepath.Join(dir, "no-such-dir")}, "cannot read"},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, tt.args...)
		if code != exitError || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and %q", tt.args, code, errOut, out, tt.want)
		}
		if strings.Contains(errOut, "hunter2") {
			t.Errorf("%v: the password is in the error: %q", tt.args, errOut)
		}
	}
}

// --ca-file adds a private CA to the system's roots.
func TestLoadCAFile(t *testing.T) {
	t.Parallel()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "private test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool, err := loadCAFile(name)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool}); err != nil {
		t.Errorf("the CA from --ca-file is not trusted: %v", err)
	}
}
