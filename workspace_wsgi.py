from participation.workspace import create_workspace_app

app = create_workspace_app()
