module seccompc.example/lockdown-go

go 1.17
