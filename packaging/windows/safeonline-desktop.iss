; Windows installer for SafeOnline Desktop (Inno Setup 6). It installs for the current user
; without administrator rights (into %LOCALAPPDATA%\Programs\SafeOnline Desktop), adds a Start
; menu entry, and makes .safeonline review files open with the app. Built on Windows only; from
; the repository root, after the PyInstaller one-folder build (see docs/installing.md):
;
;   py -3.11 -m venv packaging\build\venv
;   packaging\build\venv\Scripts\pip install . "pyinstaller>=6.10,<7"
;   packaging\build\venv\Scripts\pyinstaller --noconfirm --clean --distpath packaging\dist ^
;       --workpath packaging\build\pyinstaller packaging\safeonline-desktop.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\safeonline-desktop.iss
;
; Result: packaging\dist\SafeOnline-<version>-windows-x64-setup.exe

#ifndef AppVersion
  #error Pass the app version: ISCC /DAppVersion=x.y.z packaging\windows\safeonline-desktop.iss
#endif
#define AppName "SafeOnline Desktop"
#define AppExe "safeonline-desktop.exe"
#define BuiltApp "..\dist\SafeOnline"
#define ReviewExt ".safeonline"
#define ReviewProgId "SafeOnline.Review"

[Setup]
; Never change AppId: Windows finds earlier installations by it when updating.
AppId={{8D3F0C52-6B1E-4C3A-9E0B-5A7C2F4D9E61}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=SafeOnline Desktop team
; Per user, no administrator: {autopf} is %LOCALAPPDATA%\Programs in this mode. Someone with
; administrator rights may still choose "install for all users" in the first dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\dist
OutputBaseFilename=SafeOnline-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\safeonline.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; The user's reviews live in %LOCALAPPDATA%\SafeOnlineDesktop (or beside a portable copy):
; nothing here touches them, and uninstalling keeps them.

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[CustomMessages]
en.ReviewFile=SafeOnline review file
es.ReviewFile=Archivo de evaluación de SafeOnline
fr.ReviewFile=Fichier d'évaluation SafeOnline

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the program folder's files; remove what an older version had and this one
; does not (a stale Qt plugin would be loaded).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuiltApp}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\icons\safeonline-review.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKCU for a per-user installation and HKLM for an all-users one.
Root: HKA; Subkey: "Software\Classes\{#ReviewExt}"; ValueType: string; ValueName: ""; ValueData: "{#ReviewProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ReviewExt}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-safeonline-review"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ReviewExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ReviewProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ReviewProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ReviewFile}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ReviewProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\safeonline-review.ico"
Root: HKA; Subkey: "Software\Classes\{#ReviewProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#ReviewExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
