package scan

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDirDjango scans Django's own installed source tree (the workload
// of .ci/bench), with tests included as in the Bandit comparison.
func BenchmarkDirDjango(b *testing.B) {
	tree := djangoTree(b)
	b.ReportAllocs()
	var files int
	for b.Loop() {
		res, err := Dir(tree, Options{IncludeTests: true})
		if err != nil {
			b.Fatal(err)
		}
		files = res.Files
	}
	b.ReportMetric(float64(files), "files/op")
}

// BenchmarkScanPython measures the Python scanner alone on Django's biggest
// module with sites (no file system).
func BenchmarkScanPython(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(djangoTree(b), "db", "backends", "base", "schema.py"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		scanPython("schema.py", src)
	}
}

// BenchmarkScanTemplate measures the template lexer on a synthetic page.
func BenchmarkScanTemplate(b *testing.B) {
	page := []byte("{% extends 'base.html' %}{% block content %}\n" +
		"{% for p in posts %}<h2>{{ p.title }}</h2>{{ p.body|linebreaks|safe }}{% endfor %}\n" +
		"{% comment %}{{ old|safe }}{% endcomment %}{% endblock %}\n")
	src := make([]byte, 0, 200*len(page))
	for range 200 {
		src = append(src, page...)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		scanTemplate("templates/p.html", src)
	}
}

// BenchmarkDirProject scans a large public Django project checked out on a
// development machine: DJHARDEN_BENCH_TREE names its directory (the issue's
// speed target is measured on NetBox). Without it the benchmark is skipped:
// CI has no network to check a project out.
func BenchmarkDirProject(b *testing.B) {
	tree := os.Getenv("DJHARDEN_BENCH_TREE")
	if tree == "" {
		b.Skip("set DJHARDEN_BENCH_TREE to a checked-out Django project to run this benchmark")
	}
	b.ReportAllocs()
	var files int
	for b.Loop() {
		res, err := Dir(tree, Options{IncludeTests: true})
		if err != nil {
			b.Fatal(err)
		}
		files = res.Files
	}
	b.ReportMetric(float64(files), "files/op")
}
