"""Reports: pure functions of a resolved vault (which carries ``today``) to data and pages."""
