module github.com/mockround/mockround

go 1.26.0

require golang.org/x/sys v0.50.0

require github.com/gordonklaus/portaudio v0.0.0-20250206071425-98a94950218b // indirect
