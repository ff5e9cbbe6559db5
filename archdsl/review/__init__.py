"""Design review outputs: `content` gathers what the `report` page shows from the shared
analyses, `diagram` draws it, `html` writes the page; `impact` answers `archdsl impact`."""
