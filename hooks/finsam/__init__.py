"""Read, check and render samordningsförbund plans (pure Python, no MkDocs)."""
