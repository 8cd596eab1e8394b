"""The presentation stage: what readers see. views (the tables and charts each notebook shows, as
data), display (their escaped HTML and the CSVs for readers), charts and style (the house's
charts), site (the pages and the index)."""
