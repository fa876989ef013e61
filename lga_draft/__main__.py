from lga_draft._launch import main

main()
