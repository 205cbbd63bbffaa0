; Inno Setup script: DigitPad-Setup-<version>.exe from the PyInstaller folder dist\DigitPad.
;   iscc /DAppVersion=0.1.0 packaging\windows\DigitPad.iss      (run from the repository root)
; Per-user install (no administrator rights), Start-menu entry, uninstaller.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\DigitPad.iss
#endif

[Setup]
AppId={{6B1C2F1E-4D0A-4F57-9E55-D1617A0D0C11}
AppName=DigitPad
AppVersion={#AppVersion}
AppVerName=DigitPad {#AppVersion}
AppPublisher=DigitPad
DefaultDirName={autopf}\DigitPad
DefaultGroupName=DigitPad
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=DigitPad-Setup-{#AppVersion}
SetupIconFile=DigitPad.ico
UninstallDisplayIcon={app}\DigitPad.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\DigitPad\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\DigitPad"; Filename: "{app}\DigitPad.exe"
Name: "{autodesktop}\DigitPad"; Filename: "{app}\DigitPad.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\DigitPad.exe"; Description: "{cm:LaunchProgram,DigitPad}"; Flags: nowait postinstall skipifsilent
