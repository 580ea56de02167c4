"""E-licenses, composite industry licenses (一业一证), signature verification."""
