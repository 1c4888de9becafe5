"""pingan: YAML content → validated model → offline Material for MkDocs sites.

The pipeline, one module per stage:

    loader    YAML text → Python values + source positions   (load)
    schema    pydantic models, one per YAML kind              (validate + model)
    project   reads a content project into a typed Project    (load → validate → model)
    link      cross-references between documents              (link)
    render    one Jinja renderer, many templates              (render)
    site      MkDocs configs + `mkdocs build` per audience     (build)
    publish   build in a temp dir, swap in atomically         (publish)
    pipeline  the whole build as one readable function
"""

__version__ = "0.1.0"
