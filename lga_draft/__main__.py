from lga_draft.cli import main

main()
