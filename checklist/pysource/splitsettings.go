package pysource

// django-split-settings: include() runs settings files in the module's
// namespace, optional() marks a file that may be missing.

// SplitSettingsNames returns the names a module's imports bind to
// split_settings.tools's include and optional (aliases and
// "import split_settings.tools" too).
func SplitSettingsNames(imports []ImportAt) (include, optional map[string]bool) {
	include, optional = map[string]bool{}, map[string]bool{}
	for _, imp := range imports {
		plain := len(imp.Names) > 0 && imp.Names[0].Name == imp.Module && imp.Level == 0 // import x [as y]
		switch {
		case !plain && imp.Module == "split_settings.tools" && imp.Level == 0:
			for _, n := range imp.Names {
				bound := n.Alias
				if bound == "" {
					bound = n.Name
				}
				switch n.Name {
				case "include":
					include[bound] = true
				case "optional":
					optional[bound] = true
				}
			}
		case plain: // import split_settings.tools [as t]
			for _, n := range imp.Names {
				if n.Name == "split_settings.tools" || n.Name == "split_settings" {
					prefix := "split_settings.tools"
					if n.Alias != "" {
						prefix = n.Alias
						if n.Name == "split_settings" {
							prefix += ".tools"
						}
					}
					include[prefix+".include"], optional[prefix+".optional"] = true, true
				}
			}
		}
	}
	return include, optional
}
