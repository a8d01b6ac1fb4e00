; Inno Setup script: the Windows installer for the folder that
; packaging/soberhouse.spec builds (dist\soberhouse\ with soberhouse-gui.exe,
; soberhouse.exe and _internal\).  Needs Inno Setup 6.3 or newer.  From the
; checkout, after the bundle is built (README, "Building the installer"):
;
;   & "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\soberhouse.iss
;
; writes dist\installer\Soberhouse-0.1.0-setup.exe.  The installer asks for no
; administrator rights: it installs for the person running it, in
; %LOCALAPPDATA%\Programs\Soberhouse (or, run as an administrator and choosing
; "all users", in Program Files), with a Start-menu entry, an optional desktop
; icon, and an uninstaller (also in Settings > Apps).  Uninstalling removes the
; program, never the data (%LOCALAPPDATA%\Soberhouse).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; The same AppId for every version, so a new installer upgrades the old one.
AppId={{801A388F-F697-4D47-9D7B-21F1B6AF6E64}
AppName=Soberhouse
AppVersion={#AppVersion}
AppVerName=Soberhouse {#AppVersion}
AppPublisher=Soberhouse
AppComments=Records, mentoring, attendance and monthly progress reports for sober-living houses
DefaultDirName={autopf}\Soberhouse
DefaultGroupName=Soberhouse
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir=..\..
OutputDir=dist\installer
OutputBaseFilename=Soberhouse-{#AppVersion}-setup
SetupIconFile=packaging\windows\soberhouse.ico
UninstallDisplayIcon={app}\soberhouse-gui.exe
UninstallDisplayName=Soberhouse
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The program is closed before its files are replaced or removed.
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\soberhouse\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; What an older version carried and this one does not.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Soberhouse"; Filename: "{app}\soberhouse-gui.exe"; Comment: "Sober-living house records"
Name: "{group}\Uninstall Soberhouse"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Soberhouse"; Filename: "{app}\soberhouse-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\soberhouse-gui.exe"; Description: "{cm:LaunchProgram,Soberhouse}"; Flags: nowait postinstall skipifsilent
